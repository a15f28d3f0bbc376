import { useId } from 'react';
import { useStaffList } from '../lib/queries';

/** Picks a stylist (or "Auto-pick"): the desk's approve and assign controls. */
export function StaffSelect({
  value,
  onChange,
  label = 'Stylist',
}: {
  value: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  const staff = useStaffList();
  const id = useId();
  return (
    <span className="inline-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Auto-pick</option>
        {staff.data?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </span>
  );
}
