import { Agent, request, type Dispatcher } from 'undici';
import { clock, percentile, type AnsweredWrite, type PublishedPetition } from './figures.js';

/** The GraphQL endpoint and the connections the writers share (keep-alive, a few dozen at most). */
export interface Endpoint {
  url: string;
  dispatcher: Dispatcher;
}

export function endpoint(url: string): Endpoint {
  return { url, dispatcher: new Agent({ connections: 64, pipelining: 1 }) };
}

/** A GraphQL request's data; an error (with what the gateway said) for any other status or an answer with errors. */
export async function graphql<T>(at: Endpoint, body: string, token?: string): Promise<T> {
  const response = await request(at.url, {
    method: 'POST',
    dispatcher: at.dispatcher,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.body.text();
  const answer = JSON.parse(text) as { data?: T; errors?: unknown[] };
  if (response.statusCode !== 200 || answer.errors?.length || !answer.data) throw new Error(`the gateway answered ${response.statusCode}: ${text.slice(0, 400)}`);
  return answer.data;
}

/**
 * Starts `act(i)` for i = 0 … count-1 at a steady `perSecond`, each on schedule whether or
 * not earlier ones were answered (residents do not wait for each other), and resolves once
 * all are done.
 */
export async function atPace(count: number, perSecond: number, act: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(act(i));
  }
  await Promise.all(running);
}

export interface Writes<W> {
  answered: W[];
  failed: number;
  /** The first few failures, for the log. */
  problems: string[];
  /** Request to answer, per answered write. */
  roundTripP50Ms: number;
  roundTripP99Ms: number;
}

/** Runs writes at a pace, timing each and keeping what each answer says. */
async function paced<W>(count: number, perSecond: number, write: (i: number) => Promise<(answeredAt: number, sentAt: number) => W>): Promise<Writes<W>> {
  const answered: W[] = [];
  const roundTrips: number[] = [];
  const problems: string[] = [];
  let failed = 0;
  await atPace(count, perSecond, async (i) => {
    const sent = clock();
    try {
      const made = await write(i);
      const answeredAt = clock();
      roundTrips.push(answeredAt - sent);
      answered.push(made(answeredAt, sent));
    } catch (error) {
      failed++;
      if (problems.length < 3) problems.push(error instanceof Error ? error.message : String(error));
    }
  });
  roundTrips.sort((a, b) => a - b);
  return { answered, failed, problems, roundTripP50Ms: percentile(roundTrips, 50), roundTripP99Ms: percentile(roundTrips, 99) };
}

/** Each token a different resident signing the petition once: the count its answer shows, and when it arrived. */
export function sign(at: Endpoint, signBody: string, tokens: string[], perSecond: number): Promise<Writes<AnsweredWrite>> {
  return paced(tokens.length, perSecond, async (i) => {
    const data = await graphql<{ signPetition: { petition: { signatureCount: number } } }>(at, signBody, tokens[i]);
    return (answeredAt, sentAt) => ({ count: data.signPetition.petition.signatureCount, sentAt, answeredAt });
  });
}

/** A moderator admitting petitions waiting in moderation: each a `PetitionPublished` for the city's feed. */
export function admit(at: Endpoint, moderateBody: (id: string) => string, moderatorToken: string, ids: string[], perSecond: number): Promise<Writes<PublishedPetition>> {
  return paced(ids.length, perSecond, async (i) => {
    const data = await graphql<{ moderatePetition: { petition: { id: string; status: string } } }>(at, moderateBody(ids[i]!), moderatorToken);
    if (data.moderatePetition.petition.status !== 'OPEN') throw new Error(`petition ${ids[i]} is ${data.moderatePetition.petition.status} after admission`);
    return (answeredAt) => ({ id: ids[i]!, answeredAt });
  });
}
