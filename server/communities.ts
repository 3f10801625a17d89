import type { CommunityRecord, Storage } from './storage/types';

// Making a community, the same rule for the API and the admin CLI.

export interface CommunityClash {
  code: 'duplicate_code' | 'duplicate_name';
  field: 'code' | 'name';
  message: string;
}

/**
 * Makes the community unless one with its code exists, or one of its name in its rayon: names
 * repeat across the country (several Кара-Суу), never within one rayon, so pickers tell
 * same-named communities apart by their rayon. Checked and made in one transaction: two requests
 * at once cannot both take the code or the name.
 */
export async function createCommunity(storage: Storage, community: CommunityRecord): Promise<CommunityClash | null> {
  return storage.transaction(async (tx) => {
    await tx.lockWrites();
    const existing = await tx.listCommunities();
    if (community.code && existing.some((c) => c.code === community.code))
      return { code: 'duplicate_code', field: 'code', message: 'A community with this code exists.' };
    if (existing.some((c) => c.rayonId === community.rayonId && sameName(c.name, community.name)))
      return { code: 'duplicate_name', field: 'name', message: 'A community of this name is already in this rayon.' };
    await tx.createCommunity(community);
    return null;
  });
}

/** Two communities' names are the same when a language's names match, letter case aside. */
function sameName(a: CommunityRecord['name'], b: CommunityRecord['name']): boolean {
  return (['ky', 'ru', 'en'] as const).some((lang) => a[lang] !== '' && a[lang].toLocaleLowerCase() === b[lang].toLocaleLowerCase());
}
