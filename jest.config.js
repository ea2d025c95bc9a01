/** Two projects: fast unit/snapshot/validate tests, and the simulator end-to-end tests. */
const common = {
  preset: "ts-jest",
  testEnvironment: "node",
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
};

module.exports = {
  // Synth-heavy tests spawn processes; a loaded 2-core CI machine needs more than jest's 5 s default.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/**/*.test.ts"], testPathIgnorePatterns: ["/test/e2e/"] },
    { ...common, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};
