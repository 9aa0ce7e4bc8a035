/**
 * One name for each duty on every screen and in every message (issue #18): the phone's lists,
 * tabs and forms, the server's ledgers and the DingTalk reminders all say these words. Seed
 * §二(二)–(三): monthly contacts (C1), quarterly site visits (C2), annual guidance (C3) and the
 * reporting of disputes and risks (C4).
 */
export const GLOSSARY = {
  contact: '每月联络',
  visit: '每季走访',
  guidance: '年度指导',
  riskReport: '风险上报',
} as const;

/** The name with its rule, as the dashboards and reminders show it: 每月联络(C1). */
export const RULE_NAMES = {
  C1: `${GLOSSARY.contact}(C1)`,
  C2: `${GLOSSARY.visit}(C2)`,
  C3: `${GLOSSARY.guidance}(C3)`,
} as const;
