import { useId } from 'react';
import { useStaffList } from '../lib/queries';

/**
 * Picks a stylist, or none (`anyLabel`): the desk's approve and assign controls (inline), and
 * the booking forms' stylist field (`layout="field"`).
 */
export function StaffSelect({
  value,
  onChange,
  label = 'Stylist',
  anyLabel = 'Auto-pick',
  layout = 'inline',
}: {
  value: string;
  onChange: (id: string) => void;
  label?: string;
  anyLabel?: string;
  layout?: 'inline' | 'field';
}) {
  const staff = useStaffList();
  const id = useId();
  const Wrapper = layout === 'inline' ? 'span' : 'div';
  return (
    <Wrapper className={layout === 'inline' ? 'inline-field' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {staff.data?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}
