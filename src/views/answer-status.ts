import type { MessageKey } from '../i18n/index';
import type { AnswerStatus } from '../schemas/reply';

/** A target's answer status in words (organisers' page and public ledger alike). */
export const STATUS_LABEL: Record<AnswerStatus, MessageKey> = {
  none: 'replies.status.none',
  acknowledged: 'replies.status.acknowledged',
  answered: 'replies.status.answered',
  refused: 'replies.status.refused',
};
