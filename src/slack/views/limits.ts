// Slack's Block Kit and message limits (summarised in test/fixtures/slack/block-kit-limits.md): the views cut
// to them, and the tests' checker (test/support/block-kit-limits.ts) verifies every payload against the same
// numbers.
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  /** A `context_actions` block (Slack's feedback buttons and icon buttons). */
  contextActionsElements: 5,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  staticSelectOptions: 100,
  overflowOptions: 5,
  choiceOptions: 10,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  messageText: 40_000,
  inputLabel: 2000,
  placeholder: 150,
  imageAltText: 2000,
} as const;
