/** The price list (`prices:`) and tenant baselines: optional, and every bad value is one line naming file, field, value and rule. */
import { stringify } from "yaml";
import { envFrom, problemsOf, smallDocument } from "../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function priced(): any {
  const doc = smallDocument();
  doc.prices = {
    hostEurPerYear: 12000,
    licenceEurPerCoreYear: 150,
    desktopEurPerYear: { standard: 140 },
    datastoreEurPerGiBYear: 0.3,
    linkEurPerMbpsYear: 8,
    workloadEurPerVcpuYear: 60,
    workloadEurPerMemoryGiBYear: 5,
    sharedOverheadEurPerYear: 100000,
  };
  return doc;
}

/** The one problem line of a document, checked to be the only one. */
function onlyProblem(doc: unknown): string {
  const lines = problemsOf(doc);
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe("prices", () => {
  test("are optional, and a complete list passes with example false by default", () => {
    expect(problemsOf(smallDocument())).toEqual([]);
    expect(problemsOf(priced())).toEqual([]);
    expect(envFrom(priced()).prices?.example).toBe(false);
  });

  test("fails when a price is negative", () => {
    const doc = priced();
    doc.prices.hostEurPerYear = -5;
    expect(onlyProblem(doc)).toMatch(/^config\/test\.yaml:\d+:\d+: prices\.hostEurPerYear: -5 is outside 0\.\.10000000$/);
  });

  test("fails when a price has fractions of a cent", () => {
    const doc = priced();
    doc.prices.datastoreEurPerGiBYear = 0.125;
    expect(onlyProblem(doc)).toMatch(
      /^config\/test\.yaml:\d+:\d+: prices\.datastoreEurPerGiBYear: 0\.125 is not whole cents \(at most 2 decimal places\)$/,
    );
  });

  test("fails when a price is text", () => {
    const doc = priced();
    doc.prices.linkEurPerMbpsYear = "8 €";
    expect(onlyProblem(doc)).toMatch(/^config\/test\.yaml:\d+:\d+: prices\.linkEurPerMbpsYear: "8 €" is a string, expected number$/);
  });

  test("fails when a price is missing or unknown", () => {
    const doc = priced();
    delete doc.prices.sharedOverheadEurPerYear;
    doc.prices.switchEurPerYear = 100;
    const lines = problemsOf(doc);
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(
      expect.stringMatching(/^config\/test\.yaml:\d+:\d+: prices\.sharedOverheadEurPerYear: is missing \(required number\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^config\/test\.yaml:\d+:\d+: prices\.switchEurPerYear: is not a known field$/));
  });

  test("fails when a desktop price names an image that does not exist", () => {
    const doc = priced();
    doc.prices.desktopEurPerYear.premium = 200;
    expect(onlyProblem(doc)).toMatch(
      /^config\/test\.yaml:\d+:\d+: prices\.desktopEurPerYear\.premium: "premium" is not a defined image \(one of standard\)$/,
    );
  });

  test("fails when an image a site uses has no desktop price", () => {
    const doc = priced();
    doc.prices.desktopEurPerYear = {};
    expect(onlyProblem(doc)).toMatch(
      /^config\/test\.yaml:\d+:\d+: tenants\[0\]\.sites\[0\]\.workstations\.image: "standard" has no desktop price in prices\.desktopEurPerYear$/,
    );
  });

  test("fails when a tenant's baseline is negative or not whole cents", () => {
    const doc = priced();
    doc.tenants[0].baselineEurPerYear = -1;
    expect(onlyProblem(doc)).toMatch(/^config\/test\.yaml:\d+:\d+: tenants\[0\]\.baselineEurPerYear: -1 is outside 0\.\.1000000000$/);
    doc.tenants[0].baselineEurPerYear = 10.001;
    expect(onlyProblem(doc)).toMatch(/tenants\[0\]\.baselineEurPerYear: 10\.001 is not whole cents/);
  });

  test("points at the line of the bad price", () => {
    const doc = priced();
    doc.prices.hostEurPerYear = -5;
    const line = Number(/^config\/test\.yaml:(\d+):/.exec(onlyProblem(doc))![1]);
    expect(stringify(doc).split("\n")[line - 1]).toMatch(/^\s*hostEurPerYear: -5$/);
  });
});
