import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSandboxExamples } from '../gateway/src/plugins/sandbox-examples.js';
import { loadTabs } from '../gateway/src/plugins/sandbox.js';
import { fromRoot } from '../scripts/paths.js';
import { buildSandboxExamples, sandboxExamplesJson } from '../scripts/sandbox-examples.js';

// The sandbox's examples file and tabs, from the committed files (tests/sandbox.test.ts runs them).

const OPERATIONS_DIR = fromRoot('schema', 'operations');
const EXAMPLES_PATH = fromRoot('schema', 'sandbox-examples.json');
const supergraph = () => readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');

describe('schema/sandbox-examples.json', () => {
  it('is as `npm run compose` writes it (run it when this fails)', () => {
    expect(readFileSync(EXAMPLES_PATH, 'utf8'), 'schema/sandbox-examples.json is stale').toBe(sandboxExamplesJson(OPERATIONS_DIR, supergraph(), () => {}));
  });

  it('covers every client operation with an example the schema accepts', () => {
    expect(buildSandboxExamples(OPERATIONS_DIR, supergraph()).problems).toEqual([]);
  });

  it('follows, in the live tabs, what the write tabs change: running one shows an event in the other', () => {
    const variables = (operation: string) => buildSandboxExamples(OPERATIONS_DIR, supergraph()).examples.operations.find((example) => example.operation === operation)?.variables;
    expect(variables('PetitionLive')).toEqual({ id: variables('SignPetition')?.id });
    expect(variables('ConsultationLive')).toEqual({ id: variables('RespondToSurvey')?.id });
    expect(variables('CityFeed')).toEqual({ city: (variables('SubmitPetition')?.input as { city: string }).city });
  });

  it('names an operation without an example and an example the schema rejects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-operations-'));
    try {
      cpSync(OPERATIONS_DIR, dir, { recursive: true });
      writeFileSync(join(dir, 'extra.graphql'), 'query NewScreen { __typename }\n');
      // ReviewHeritageReport's example says ACCEPT; the registrar's enum has no such value.
      const staff = join(dir, 'staff.graphql');
      writeFileSync(staff, readFileSync(staff, 'utf8').replace('mutation ReviewHeritageReport($id: ID!, $decision: ReviewDecision!', 'mutation ReviewHeritageReport($id: ID!, $decision: VerificationDecision!'));
      const { problems } = buildSandboxExamples(dir, supergraph());
      expect(problems).toHaveLength(2);
      expect(problems).toContainEqual(expect.stringMatching(/^ReviewHeritageReport: .*"ACCEPT"/));
      expect(problems).toContainEqual(expect.stringMatching(/^NewScreen: no example/));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the sandbox tabs', () => {
  it('are one per client operation, titled by it, in the examples\u02bc order', () => {
    const examples = readSandboxExamples(EXAMPLES_PATH);
    const tabs = loadTabs(OPERATIONS_DIR, examples);
    expect(tabs.map((tab) => tab.operation)).toEqual(examples.operations.map((example) => example.operation));
    for (const tab of tabs) {
      // GraphiQL titles a tab by the first operation in its text: exactly this one, nothing else.
      expect([...tab.query.matchAll(/^(query|mutation|subscription)\s+(\w+)/gm)].map((match) => match[2])).toEqual([tab.operation]);
      expect(JSON.parse(tab.variables)).toEqual(examples.operations.find((example) => example.operation === tab.operation)!.variables);
    }
  });

  it('carry the fragments their operation uses, from any file, and the comment above it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-fragments-'));
    try {
      writeFileSync(join(dir, 'fragments.graphql'), 'fragment CityName on City { name ...CityId }\nfragment CityId on City { id }\nfragment Unused on City { id }\n');
      writeFileSync(join(dir, 'city.graphql'), '# The city.\nquery A($city: ID!) { city(id: $city) { ...CityName } }\n\n# Nothing shared.\nquery B { __typename }\n');
      const tabs = loadTabs(dir, { identities: [], operations: [{ operation: 'B', signIn: null, variables: {} }] });
      expect(tabs.map((tab) => tab.operation)).toEqual(['B', 'A']);
      const [b, a] = tabs;
      expect(b!.query).toBe('# Nothing shared.\nquery B { __typename }\n');
      expect(a!.query).toMatch(/^# The city\.\nquery A/);
      expect(a!.query).toContain('fragment CityName on City');
      expect(a!.query).toContain('fragment CityId on City');
      expect(a!.query).not.toContain('Unused');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
