/**
 * The setup guide format: what an admin does at the platform before connecting, in numbered steps
 * of plain words, each optionally linking to the platform's own docs page, and the exact values to
 * copy there. Profiles carry it as data (`ProviderProfile.guide`); the Connect screen shows it
 * (renderer/src/connect/SetupGuide.tsx). Only the URLs listed in guides may be opened from it
 * (main/electron/open-external.ts, main/core/setup/setup-service.ts).
 */
export interface SetupGuideStep {
  text: string;
  link?: { label: string; url: string };
}

export interface SetupGuideValue {
  label: string;
  value: string;
  note?: string;
}

export interface SetupGuideSpec {
  steps: SetupGuideStep[];
  values: SetupGuideValue[];
}

/** Every docs URL the given guides link to. */
export function guideDocUrls(guides: Iterable<SetupGuideSpec | undefined>): Set<string> {
  const urls = new Set<string>();
  for (const g of guides) for (const s of g?.steps ?? []) if (s.link) urls.add(s.link.url);
  return urls;
}
