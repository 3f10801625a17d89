// A community and an asset shared by the tests that carry a phone's work elsewhere (backup files,
// the safety copy).

export const COMMUNITY = {
  id: '7fc3aef0-5eaa-4b63-8ff0-4fc6645e39b6',
  name: { ky: 'Ак-Сай', ru: 'Ак-Сай', en: 'Ak-Sai' },
  rayonCode: '41704210000000',
  code: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

export const spring = { name: 'Булак', category: 'natural' as const, description: 'Айылдын үстүндөгү булак' };
