import Papa from 'papaparse';
import type { Recipient } from './channel';
import type { Outbox } from './outbox';

/**
 * 催收助手 at head office: the `message` and `opt-out` actions a branch recorded (read back by the feed publisher)
 * become outbox work — a message to the customer through WeCom 客户联系 on behalf of their customer manager, an
 * opt-out that the outbox then honours for every later collection message — and the customers' replies go back to
 * the branch as `risk-reply` documents on the event they answer.
 *
 * Who the customer is on WeCom comes from head office's copy of the bank's WeCom external-contact list (customer
 * ID number → external_userid and the staff member who follows them), imported from WeCom's export
 * (`jingwei feed contacts`), never from the branch: a branch credential must not choose whom the bank messages.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS wecom_contact (id_no TEXT PRIMARY KEY, external_user_id TEXT NOT NULL, sender TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS wecom_contact_external ON wecom_contact (external_user_id);
`;

export interface CollectionAction {
  _id: string;
  kind: string;
  event: string;
  note: string;
  at: string;
}

export type RelayOutcome = 'enqueued' | 'opted-out' | 'no-contact' | 'recorded-opt-out';

/** The outbox plus the contact list, both in head office's outbox file. */
export function collectionDesk(outbox: Outbox) {
  const db = outbox.db;
  db.exec(SCHEMA);
  const contact = db.prepare('SELECT external_user_id, sender FROM wecom_contact WHERE id_no = ?');

  function recipientOf(idNo: string): Recipient | null {
    const c = contact.get(idNo) as { external_user_id: string; sender: string } | undefined;
    return c ? { kind: 'wecom-external', externalUserId: c.external_user_id, sender: c.sender } : null;
  }

  return {
    recipientOf,

    /**
     * One branch action: a `message` is queued (its action id is the message id, so reading it twice sends it
     * once); an `opt-out` is recorded against the customer. Other kinds are not the outbox's business (null).
     */
    relay(a: CollectionAction, idNo: string | null): RelayOutcome | null {
      if (a.kind !== 'message' && a.kind !== 'opt-out') return null;
      const to = idNo ? recipientOf(idNo) : null;
      if (!to) return 'no-contact';
      if (a.kind === 'opt-out') {
        outbox.optOut(to, a.note.slice(0, 200));
        return 'recorded-opt-out';
      }
      return outbox.enqueue({ id: a._id, to, text: a.note, ref: a.event, category: 'collection' }).status === 'suppressed' ? 'opted-out' : 'enqueued';
    },

    /**
     * A customer's reply (WeCom callback): recorded against the event of the last message sent to them; 退订 / TD
     * opts them out. Null when nothing was ever sent to them (nothing to answer).
     */
    recordReply(from: { externalUserId: string }, text: string, at: string): { ref: string; optedOut: boolean } | null {
      const c = db.prepare('SELECT sender FROM wecom_contact WHERE external_user_id = ?').get(from.externalUserId) as { sender: string } | undefined;
      const to: Recipient = { kind: 'wecom-external', externalUserId: from.externalUserId, sender: c?.sender ?? '' };
      const last = outbox.lastMessageTo(to);
      if (!last) return null;
      outbox.recordReply({ ref: last.ref, from: to, text: text.slice(0, 500), at });
      const optedOut = /^\s*(TD|T|退订|退订消息)\s*$/i.test(text);
      if (optedOut) outbox.optOut(to, `客户回复「${text.trim()}」`);
      return { ref: last.ref, optedOut };
    },

    /** The `risk-reply` documents of one branch (written to its database with the feed publisher's other documents). */
    replyDocs(branch: string): object[] {
      return outbox.repliesUnder(`risk-event:${branch}:`).map((r) => ({
        _id: `risk-reply:${r.id}`, type: 'risk-reply', branch, event: r.ref, text: r.text, at: r.at, channel: 'wecom',
      }));
    },

    /**
     * Replaces the contact list with WeCom's export (CSV, one header line: id_no,external_userid,follow_user),
     * in one transaction. Returns the rows taken, or the problems (line, field) without changing anything.
     */
    importContacts(csv: string): { imported: number } | { problems: string[] } {
      const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
      const problems: string[] = [];
      const rows: [string, string, string][] = [];
      for (const field of ['id_no', 'external_userid', 'follow_user']) if (!parsed.meta.fields?.includes(field)) problems.push(`第1行 缺少列「${field}」`);
      parsed.data.forEach((r, i) => {
        const line = i + 2;
        if (!/^\d{17}[\dX]$/.test(r.id_no ?? '')) problems.push(`第${line}行 字段「证件号码(id_no)」：须为18位身份证号`);
        else if (!/^[A-Za-z0-9_-]{1,64}$/.test(r.external_userid ?? '')) problems.push(`第${line}行 字段「外部联系人(external_userid)」：格式不正确`);
        else if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(r.follow_user ?? '')) problems.push(`第${line}行 字段「跟进员工(follow_user)」：格式不正确`);
        else rows.push([r.id_no!, r.external_userid!, r.follow_user!]);
      });
      if (problems.length > 0) return { problems };
      db.transaction(() => {
        db.exec('DELETE FROM wecom_contact');
        const put = db.prepare('INSERT OR REPLACE INTO wecom_contact (id_no, external_user_id, sender) VALUES (?, ?, ?)');
        for (const r of rows) put.run(...r);
      })();
      return { imported: rows.length };
    },
  };
}
export type CollectionDesk = ReturnType<typeof collectionDesk>;
