// Seed calls: which random generators a call seeds (`np.random.seed`, `torch.manual_seed`, a project's own
// `set_seed` helper). ML301 reads a unit's seeds first and the whole project's only when it must.
import { isUnder } from '../python/imports';
import { type CallSite, lastName } from './callFacts';

/** What a seed call covers. */
export type SeedScope = 'numpy' | 'python' | 'torch' | 'tensorflow' | 'all';

/** The scope a call seeds, if it seeds anything. Helper functions named like seeds count for everything. */
function seedScope(site: CallSite): SeedScope | undefined {
  const q = site.qualified;
  if (q === 'numpy.random.seed') return 'numpy';
  if (q === 'random.seed') return 'python';
  if (q && isUnder(q, 'torch') && /^(manual_seed|manual_seed_all|seed)$/.test(lastName(q))) return 'torch';
  if (
    q === 'tensorflow.random.set_seed' ||
    q === 'tensorflow.set_random_seed' ||
    q === 'tensorflow.compat.v1.set_random_seed'
  )
    return 'tensorflow';
  if (site.name && site.name.length >= 4 && /seed/i.test(site.name) && site.name !== 'SeedSequence') return 'all';
  return undefined;
}

/** The scopes the calls of a unit seed: `UnitIndex.seeds`. */
export function collectSeeds(callSites: readonly CallSite[]): Set<SeedScope> {
  const scopes = new Set<SeedScope>();
  for (const s of callSites) {
    const scope = seedScope(s);
    if (scope) scopes.add(scope);
  }
  return scopes;
}
