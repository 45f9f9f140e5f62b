import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import { DryRunAndPublish } from './rules/DryRunAndPublish';
import { InvalidContext } from './rules/inputs';
import { RuleEditor } from './rules/RuleEditor';
import { RulesToolbar } from './rules/RulesToolbar';
import { RuleVersions } from './rules/RuleVersions';
import { useRulesEditor } from './rules/useRulesEditor';
import './credit.css';

/** Head office's rule editor: every model as forms in words, a dry run against this branch's past applications, publishing. */
export function RulesScreen({ session }: ScreenProps) {
  const canEdit = session.permissions.includes('rules.edit');
  const canPublish = session.permissions.includes('rules.publish');
  const { resultRef, ...r } = useRulesEditor(canEdit);

  return (
    <div className="credit-page rules" data-testid="rules-screen">
      <RulesToolbar product={r.product} onProduct={r.setProduct} detail={r.detail} />
      {!r.rs && !r.result && <ScreenLoading />}
      {r.rs && (
        <InvalidContext.Provider value={r.report}>
          <RuleEditor tab={r.tab} onTab={r.setTab} models={r.rs.models} edit={r.edit} json={r.json} onJson={r.setJson} canEdit={canEdit} />
          <DryRunAndPublish
            canEdit={canEdit}
            canPublish={canPublish}
            notes={r.notes}
            onNotes={r.setNotes}
            notesMissing={r.notesMissing}
            hasDraft={Boolean(r.detail?.draft)}
            onDryRun={r.dryRun}
            onSave={r.save}
            onPublish={r.publish}
            result={r.result}
            resultRef={resultRef}
            dry={r.dry}
          />
          {r.detail && <RuleVersions versions={r.detail.versions} />}
        </InvalidContext.Provider>
      )}
      {!r.rs && r.result && <div ref={resultRef}><p className="notice notice-error" role="alert">{r.result.text}</p></div>}
    </div>
  );
}
