import { Flags } from '@oclif/core';
import { LabSessionCommand } from '../../lab-session-command.js';
import type { SessionReport } from '../../core/lab/session.js';
import { sessionContinuity, sessionReport } from '../../core/lab/session.js';
import { formatReport, REPORTERS, writeReportFile, writeTranscript } from './run.js';
import type { Reporter } from './run.js';
import { renderLabReport } from '../../render/lab.js';
import { green, yellow } from '../../render/style.js';

export default class LabReport extends LabSessionCommand<typeof LabReport> {
  static override summary = 'Report the lab session as lab run reports a lab, with each step\'s attempts and the commands typed during it';
  static override description = 'The commands come from the event log (those that changed the state). The report says whether the session was continuous: '
    + 'no state import, state reset or dc apply outside the lab since lab start. Exit 0 when the lab is done and passed, 1 otherwise.';
  static override examples = [
    '<%= config.bin %> lab report',
    '<%= config.bin %> lab report --reporter junit --output report.xml',
  ];
  static override flags = {
    reporter: Flags.option({ description: 'report format (--json is the json reporter)', options: REPORTERS, default: 'human' })(),
    output: Flags.string({ description: 'write the report to FILE', helpValue: 'FILE' }),
    transcript: Flags.string({ description: 'write a transcript of the steps done (JSON lines chained by sha256) that dcctl lab replay checks', helpValue: 'FILE' }),
  };

  async run(): Promise<SessionReport> {
    const handsOn = this.handsOn();
    const { state, session } = await handsOn.session();
    const { lab } = handsOn.labOf(session);
    const events = handsOn.events(state, session);
    const report = sessionReport(session, lab, events, sessionContinuity(session, state.journal?.epoch ?? null, events));
    const reporter: Reporter = this.jsonEnabled() ? 'json' : this.flags.reporter;
    const formatted = reporter === 'human' ? renderSessionReport(report) : formatReport(report, reporter);
    if (this.flags.transcript) {
      const done = report.steps.slice(0, report.steps.findIndex((s) => s.status === 'pending') >>> 0);
      writeTranscript(this.flags.transcript, report, session.sha256, done);
    }
    if (this.flags.output) writeReportFile(this.flags.output, formatted);
    else if (!this.jsonEnabled()) this.log(formatted);
    if (!report.passed) this.failedExitCode = 1;
    return report;
  }
}

function renderSessionReport(report: SessionReport): string {
  const s = report.session;
  const continuity = s.continuous ? green('continuous: the state is the one lab start made') : yellow(`not continuous: ${s.breaks.join('; ')}`);
  return `${renderLabReport(report)}\n${s.complete ? '' : `${yellow('in progress')}: ${report.steps.filter((x) => x.status === 'pending').length} step(s) to go\n`}${continuity}`;
}
