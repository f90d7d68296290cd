// Shape one contact as an export row: phone, names, ZIP, status, volunteer, one column per
// survey question (answer label), tags, the opt-out flag, the recorded outcome (wrong number,
// deceased, moved, already voted), the line type a number lookup found (mobile, landline, voip,
// unknown; empty when never looked up), then custom fields. Pure.
import type { Campaign } from '../../model/campaign.js';
import type { Contact } from '../../model/contact.js';
import { csvSafe } from './csv-safe.js';

/** Fixed leading columns; the names are import aliases, so an export re-imports cleanly. */
export const CONTACT_EXPORT_FIXED = ['phone', 'first_name', 'last_name', 'zip', 'state', 'language', 'status', 'volunteer'] as const;

export interface ContactRowExtras {
  optedOut: boolean;
  /** Display name of the contact's volunteer, when there is one. */
  volunteerName?: string;
}

export interface ContactExportLayout {
  header: string[];
  row(contact: Contact, extras: ContactRowExtras): string[];
}

type CampaignShape = Pick<Campaign, 'survey' | 'tags'>;

/** Survey column titles: the question text, with the id added when two questions share a text. */
function surveyTitles(survey: CampaignShape['survey']): string[] {
  const counts = new Map<string, number>();
  for (const q of survey) counts.set(q.text, (counts.get(q.text) ?? 0) + 1);
  return survey.map((q) => ((counts.get(q.text) ?? 0) > 1 ? `${q.text} (${q.id})` : q.text));
}

/** Build the header and the row shaper for one export. `customFields` are the custom columns, in order. */
export function contactExportLayout(campaign: CampaignShape, customFields: readonly string[]): ContactExportLayout {
  const questions = campaign.survey.map((q) => ({ id: q.id, labels: new Map(q.answers.map((a) => [a.id, a.label])) }));
  const tagLabels = new Map(campaign.tags.map((t) => [t.id, t.label]));
  const header = [...CONTACT_EXPORT_FIXED, ...surveyTitles(campaign.survey), 'tags', 'opted_out', 'outcome', 'line_type', ...customFields.map(csvSafe)];

  return {
    header,
    row(contact, extras) {
      const cells: string[] = [
        contact.phone,
        csvSafe(contact.firstName),
        csvSafe(contact.lastName),
        contact.zip ?? '',
        contact.state ?? '',
        contact.language,
        contact.status,
        csvSafe(extras.volunteerName ?? ''),
      ];
      for (const q of questions) {
        const answer = contact.surveyAnswers[q.id];
        cells.push(answer === undefined ? '' : csvSafe(q.labels.get(answer) ?? answer));
      }
      cells.push(csvSafe(contact.tags.map((t) => tagLabels.get(t) ?? t).join('; ')));
      cells.push(extras.optedOut ? 'true' : 'false');
      cells.push(contact.outcome ?? '');
      cells.push(contact.lineType ?? '');
      for (const key of customFields) cells.push(csvSafe(contact.customFields[key] ?? ''));
      return cells;
    },
  };
}
