import { useEffect, useRef, useState } from 'react';
import { hasErrors, type FieldErrors } from './field-errors';
import type { OutboxItem } from './outbox-db';
import { getOutbox } from './outbox-runtime';

export interface OfflineDraftFormOptions<D, B> {
  /** The outbox item being corrected (`?draft=`), or null for a new record. */
  draftId: string | null;
  initial: () => D;
  /** The draft kept in the outbox item to correct, or null when the item is of another kind. */
  fromItem: (item: OutboxItem) => D | null;
  /**
   * The body the server would get, checked with the server's own zod schema and rules (shared/):
   * the body, or each field's first problem in the server's Chinese.
   */
  check: (draft: D) => { body: B | null; errors: FieldErrors };
  /** Stores the body (and the draft's photos) in the outbox: a new item, or the correction of `draftId`. */
  queue: (body: B, draftId: string | null, draft: D) => Promise<void>;
  /** After the body is on the phone: tell the person, leave the page. */
  onQueued: (body: B, draft: D) => void | Promise<void>;
}

export const FIX_FIELDS = '请按提示修改标红的内容';
export const STORAGE_FAILED = '无法保存到本机，请检查手机存储空间后重试';

/**
 * The one hook of every offline-capable form (联络, 实地走访, its correction, 风险上报): the draft,
 * its field errors — shown from the first save attempt on, several at once, each gone as soon as
 * its field is fixed — the correction of an item the server refused (opened with `?draft=`, with
 * the server's reason), and queueing into the outbox only when the server's schema passes.
 */
export function useOfflineDraftForm<D, B>(options: OfflineDraftFormOptions<D, B>) {
  const [draft, setDraft] = useState<D>(options.initial);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [item, setItem] = useState<OutboxItem | null>(null);
  const fromItem = useRef(options.fromItem);
  useEffect(() => {
    fromItem.current = options.fromItem;
  });
  const { draftId } = options;

  // Correcting an item the server refused: start from what was stored, with its reason.
  useEffect(() => {
    if (!draftId) return;
    void getOutbox()
      .get(draftId)
      .then((stored) => {
        const restored = stored ? fromItem.current(stored) : null;
        if (!stored || !restored) return;
        setItem(stored);
        setDraft(restored);
        setError(stored.error?.message ?? null);
        setTried(true);
      });
  }, [draftId]);

  const checked = options.check(draft);
  const update = (change: Partial<D>) => setDraft((prev) => ({ ...prev, ...change }));

  const submit = async () => {
    setTried(true);
    const { body, errors } = checked;
    if (hasErrors(errors) || !body) return setError(FIX_FIELDS);
    setError(null);
    setSaving(true);
    let queued = false;
    try {
      await options.queue(body, draftId, draft);
      queued = true;
    } catch {
      setError(STORAGE_FAILED);
    } finally {
      setSaving(false);
    }
    if (queued) await options.onQueued(body, draft);
  };

  return {
    draft,
    setDraft,
    update,
    /** Field errors to show: none before the first save attempt. */
    errors: tried ? checked.errors : ({} as FieldErrors),
    error,
    setError,
    saving,
    submit,
    /** The outbox item being corrected, once loaded. */
    item,
  };
}
