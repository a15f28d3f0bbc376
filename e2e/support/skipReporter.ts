import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

// Prints why tests were skipped, grouped by reason and project — e.g. "firefox is not installed
// on this machine …" — so a skip is never silent in a terminal or CI log.

export default class SkipReasonReporter implements Reporter {
  private reasons = new Map<string, { projects: Set<string>; count: number }>();

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status !== 'skipped') return;
    const skip = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip');
    const reason = skip?.description || 'skipped without a reason';
    const project = test.parent.project()?.name ?? '?';
    const entry = this.reasons.get(reason) ?? { projects: new Set(), count: 0 };
    entry.projects.add(project);
    entry.count += 1;
    this.reasons.set(reason, entry);
  }

  onEnd(_result: FullResult) {
    for (const [reason, { projects, count }] of this.reasons) {
      console.log(`  skipped ${count} test(s) in [${[...projects].join(', ')}]: ${reason}`);
    }
  }

  printsToStdio() {
    return false;
  }
}
