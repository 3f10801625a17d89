import MiniSearch from 'minisearch';
import type { Answer, Question, Topic } from '../core/model';
import { foldForSearch } from '../core/search-text';
import { isWaiting, questionSummary, type QuestionSummary } from '../core/practice';
import { foldedSearchOptions, matchTyped, snippetAround, warmUp } from './typed-match';

// The circles' questions, searched as the library is (folding, prefixes while typing, a title match
// ranked first), with each question's answers searched as part of it. Plain code with no browser
// APIs: the search worker runs it, and so do tests.

export interface PracticeFilters {
  circle?: string;
  topic?: string;
  /** 'yes': has answers; 'no': none yet. */
  answered?: string;
  language?: string;
}

export interface PracticeQuery {
  text: string;
  filters: PracticeFilters;
  /** The reader: their own hidden posts stay findable to them. */
  userId: string | null;
  /** Coordinators find hidden posts too. */
  seesHidden: boolean;
  /** Match any word, not all (questions like a title being typed). */
  anyWord?: boolean;
  /** Without text: newest first, or the oldest first (the help desk). */
  order?: 'newest' | 'oldest';
  now: number;
  offset: number;
  limit: number;
}

export interface PracticeAnswer {
  /** The text this answers (lists say which keystroke they show). */
  text: string;
  items: QuestionSummary[];
  total: number;
  /** How many of them wait for an answer for more than HELP_DESK_DAYS. */
  waiting: number;
}

export type IndexedQuestion = Omit<Question, 'attachments'> & { _deleted?: 0 | 1 };
export type IndexedAnswer = Pick<Answer, 'id' | 'questionId' | 'text' | 'createdBy'> & { hiddenReason?: string; _deleted?: 0 | 1 };

interface Entry {
  question: IndexedQuestion;
  answers: IndexedAnswer[];
  version: string;
}

const versionOf = (question: IndexedQuestion, answers: readonly IndexedAnswer[]) =>
  `${question.updatedAt}:${question.title.length}:${question.text.length}:${question.hiddenReason ?? ''}:${question.acceptedAnswerId ?? ''}:` +
  answers.map((answer) => `${answer.id}/${answer.text.length}/${answer.hiddenReason ?? ''}`).join(',');

export class PracticeIndex {
  private entries = new Map<string, Entry>();
  private search = PracticeIndex.emptySearch();
  /** Every entry, oldest question first: sorted once per load, not at every keystroke that lists them all. */
  private oldestFirst: Entry[] | null = null;

  private static emptySearch() {
    return new MiniSearch<{ id: string }>({
      fields: ['title', 'body'],
      extractField: (doc, field) => {
        const entry = doc as unknown as Entry;
        if (field === 'id') return entry.question.id;
        if (field === 'title') return foldForSearch(entry.question.title);
        // Hidden answers are not searched: their words are not there for anyone but their author.
        return foldForSearch([entry.question.text, ...entry.answers.filter((answer) => !answer.hiddenReason).map((answer) => answer.text)].join('\n'));
      },
      ...foldedSearchOptions({ title: 3 }),
    });
  }

  /** Makes the index hold exactly these questions and answers; only what changed is re-indexed. */
  load(questions: readonly IndexedQuestion[], answers: readonly IndexedAnswer[]): void {
    const byQuestion = new Map<string, IndexedAnswer[]>();
    for (const answer of answers) {
      if (answer._deleted) continue;
      const list = byQuestion.get(answer.questionId);
      if (list) list.push(answer);
      else byQuestion.set(answer.questionId, [answer]);
    }
    const live = new Map<string, Entry>();
    for (const question of questions) {
      if (question._deleted) continue;
      const of = byQuestion.get(question.id) ?? [];
      live.set(question.id, { question, answers: of, version: versionOf(question, of) });
    }
    for (const [id, previous] of this.entries) {
      if (live.get(id)?.version !== previous.version) {
        this.search.discard(id);
        this.entries.delete(id);
      }
    }
    const added: Entry[] = [];
    for (const [id, entry] of live) {
      if (this.entries.has(id)) continue;
      this.entries.set(id, entry);
      added.push(entry);
    }
    this.search.addAll(added as unknown as { id: string }[]);
    this.oldestFirst = null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Warms the search up (see warmUp) with a question of its own; nothing if it holds nothing. */
  warmUp(): void {
    const sample = this.entries.values().next().value;
    if (sample)
      warmUp(sample.question.title, (text) => this.query({ text, filters: {}, userId: null, seesHidden: false, now: Date.now(), offset: 0, limit: 12 }));
  }

  private shownTo(entry: Entry, request: PracticeQuery): boolean {
    return !entry.question.hiddenReason || request.seesHidden || entry.question.createdBy === request.userId;
  }

  private liveAnswers(entry: Entry, request: PracticeQuery): IndexedAnswer[] {
    return entry.answers.filter((answer) => !answer.hiddenReason || request.seesHidden || answer.createdBy === request.userId);
  }

  private matchesFilters(entry: Entry, request: PracticeQuery): boolean {
    const { question } = entry;
    const { filters } = request;
    if (filters.circle && question.circle !== filters.circle) return false;
    if (filters.topic && question.circle !== filters.topic && !(question.topics ?? []).includes(filters.topic as Topic)) return false;
    if (filters.language && question.language !== filters.language) return false;
    if (filters.answered === 'yes' && this.liveAnswers(entry, request).length === 0) return false;
    if (filters.answered === 'no' && this.liveAnswers(entry, request).length > 0) return false;
    return true;
  }

  private summary(entry: Entry, request: PracticeQuery, terms: readonly string[]): QuestionSummary {
    const { question } = entry;
    const answers = this.liveAnswers(entry, request);
    return questionSummary(question, answers.length, request.now, {
      accepted: Boolean(question.acceptedAnswerId && answers.some((answer) => answer.id === question.acceptedAnswerId)),
      snippet: terms.length > 0 ? snippetAround([question.text, ...answers.map((answer) => answer.text)], terms) : null,
    });
  }

  query(request: PracticeQuery): PracticeAnswer {
    const { text, hits } = matchTyped(this.search, request.text, request.anyWord);
    let ranked: { entry: Entry; terms: readonly string[] }[];
    if (text) {
      ranked = hits.map((hit) => ({ entry: this.entries.get(hit.id as string)!, terms: hit.terms })).filter(({ entry }) => entry !== undefined);
    } else {
      // createdAt is an ISO time: its characters sort as its moments do.
      this.oldestFirst ??= [...this.entries.values()].sort((a, b) =>
        a.question.createdAt < b.question.createdAt ? -1 : a.question.createdAt > b.question.createdAt ? 1 : 0,
      );
      const ordered = request.order === 'oldest' ? this.oldestFirst : [...this.oldestFirst].reverse();
      ranked = ordered.map((entry) => ({ entry, terms: [] }));
    }
    const kept = ranked.filter(({ entry }) => this.shownTo(entry, request) && this.matchesFilters(entry, request));
    return {
      text: request.text,
      total: kept.length,
      waiting: kept.filter(({ entry }) => isWaiting(entry.question.createdAt, request.now) && this.liveAnswers(entry, request).length === 0).length,
      items: kept.slice(request.offset, request.offset + request.limit).map(({ entry, terms }) => this.summary(entry, request, terms)),
    };
  }
}
