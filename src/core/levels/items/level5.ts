// Level 5, frontier research: custom architectures plus a research technique (self-supervised
// learning, reinforcement learning, or research code with its own losses, optimizers and ablations).
import type { DetectContext, ItemOutcome, LevelItem } from '../item';
import { facts, outcome } from '../detect';
import type { FactKind } from '../../facts/fact';

const RESEARCH_SIGNALS: readonly FactKind[] = [
  'custom-loss',
  'custom-optimizer',
  'ablation',
  'paper-evaluation',
  'paper-citation',
];

/**
 * The kinds of research signal the project shows: own losses, own optimizers, ablations, paper-style evaluation, a
 * paper the README asks to be cited.
 */
function researchKinds(ctx: DetectContext): number {
  return RESEARCH_SIGNALS.filter((k) => facts(ctx, k).length > 0).length;
}

/**
 * Whether the project trains with a new method: a self-supervised objective, an agent learning in an environment,
 * or two kinds of research signal. One own module trained that way is the method's architecture.
 */
function showsResearchMethod(ctx: DetectContext): boolean {
  return (
    facts(ctx, 'self-supervised').length > 0 ||
    (facts(ctx, 'rl-environment').length > 0 && facts(ctx, 'rl-agent').length > 0) ||
    researchKinds(ctx) >= 2
  );
}

/** The Level 5 checklist. */
export const LEVEL5_ITEMS: readonly LevelItem[] = [
  {
    id: 'L5.custom-architecture',
    label: 'custom architectures',
    level: 5,
    title: 'Custom model architectures',
    why: 'Designing your own network modules, rather than using an off-the-shelf model, is where new approaches start.',
    detection:
      'Subclasses of `torch.nn.Module`, `keras.Model`/`Layer` or `flax.linen.Module` that define `forward`/`call`; ' +
      'two or more (by name) make it met, and so does one trained with a new method (a self-supervised objective, ' +
      'an agent in an environment, own losses with ablations or paper-style evaluation); otherwise one is partly ' +
      'met.',
    core: false,
    weight: 3,
    detect: (ctx): ItemOutcome => {
      const arch = facts(ctx, 'custom-architecture');
      // A module copied into a notebook (or a second script) under the same name is still one module.
      const modules = new Set(arch.map((f) => f.note)).size;
      if (modules >= 2) return outcome('met', [arch]);
      if (modules === 1 && showsResearchMethod(ctx))
        return outcome('met', [arch], 'one own module, trained with a new method of the project');
      if (modules === 1)
        return outcome('partial', [arch], 'one custom module; an architecture usually composes several');
      return { status: 'missing', evidence: [], detail: 'no custom network module was found' };
    },
  },
  {
    id: 'L5.self-supervised',
    label: 'self-supervised learning',
    level: 5,
    title: 'Self-supervised learning',
    why:
      'Learning from unlabeled data with contrastive or masked objectives is how models use data no one has ' +
      'labelled.',
    detection:
      'Contrastive and masked objectives (InfoNCE, NT-Xent, SimCLR, BYOL, MoCo, MAE-style functions and modules), ' +
      'lightly, masked language modelling collators, and a network module whose forward pass encodes two views of ' +
      'its input with the same encoder and returns a loss between them with no label.',
    core: true,
    coreGroup: 'research-technique',
    weight: 2,
    detect: (ctx): ItemOutcome => {
      const ssl = facts(ctx, 'self-supervised');
      return ssl.length > 0
        ? outcome('met', [ssl])
        : { status: 'missing', evidence: [], detail: 'no self-supervised objective was found' };
    },
  },
  {
    id: 'L5.reinforcement-learning',
    label: 'reinforcement learning',
    level: 5,
    title: 'Reinforcement learning',
    why: 'Agents that learn from interaction open problems that labelled datasets cannot describe.',
    detection:
      'Gymnasium/Gym environments (made or defined) with an agent: stable-baselines3, RLlib, replay buffers, ' +
      'policy training loops; an environment alone is partly met, and so is an agent on classic tutorial ' +
      'environments only (CartPole, FrozenLake, LunarLander, ...) without research code of its own.',
    core: true,
    coreGroup: 'research-technique',
    weight: 2,
    detect: (ctx): ItemOutcome => {
      const env = facts(ctx, 'rl-environment');
      const toy = facts(ctx, 'rl-toy-environment');
      const agent = facts(ctx, 'rl-agent');
      if (env.length > 0 && agent.length > 0) return outcome('met', [env, agent]);
      // An agent on CartPole or FrozenLake is the course exercise, unless research code stands beside it (own losses
      // with ablations, as a tutorial of research algorithms that implements each paper's pieces).
      if (toy.length > 0 && agent.length > 0)
        return researchKinds(ctx) >= 2
          ? outcome('met', [toy, agent], 'classic environments, with research code of its own')
          : outcome(
              'partial',
              [toy, agent],
              'an agent on classic tutorial environments only; an environment of its own or research code (own ' +
                'losses with ablations) would make it research',
            );
      if (env.length + toy.length > 0)
        return outcome('partial', [env, toy], 'an environment, but no agent learns in it');
      if (agent.length > 0) return outcome('partial', [agent], 'an agent, but no environment was found');
      return { status: 'missing', evidence: [], detail: 'no reinforcement learning was found' };
    },
  },
  {
    id: 'L5.research-code',
    label: 'own losses, optimisers or ablations',
    level: 5,
    title: 'Research code: own losses, optimizers, ablations',
    why:
      'Research means changing the method itself and showing which part matters: custom objectives and ' +
      'optimizers, and ablations that remove one piece at a time.',
    detection:
      'Own losses (loss modules, autograd functions, loss functions), own optimizers, ablation configurations, ' +
      'paper-style evaluation (own top-k accuracy, linear-probe or kNN evaluation scripts or functions, reward ' +
      'curves of an agent, own bits-per-dimension, likelihood, FID or perplexity evaluation), own update rules ' +
      '(gradients kept differentiable for an outer loop, as in meta-learning), and a paper the README asks to be ' +
      'cited (a BibTeX entry); two kinds make it met, and so does a cited paper whose code defines its own network ' +
      'modules; one kind is partly met.',
    core: true,
    coreGroup: 'research-technique',
    weight: 2,
    detect: (ctx): ItemOutcome => {
      const losses = facts(ctx, 'custom-loss');
      const optimizers = facts(ctx, 'custom-optimizer');
      const ablations = facts(ctx, 'ablation');
      const evaluation = facts(ctx, 'paper-evaluation');
      const citation = facts(ctx, 'paper-citation');
      const kinds = [losses, optimizers, ablations, evaluation, citation].filter((l) => l.length > 0).length;
      if (kinds >= 2) return outcome('met', [losses, optimizers, ablations, evaluation, citation]);
      // A paper's code whose contribution is an architecture: the README asks to cite the paper and the code
      // defines the network modules it proposes.
      const modules = facts(ctx, 'custom-architecture');
      if (citation.length > 0 && modules.length > 0)
        return outcome('met', [citation, modules], "a paper's code: its README cites the paper, its modules are own");
      if (kinds === 1)
        return outcome(
          'partial',
          [losses, optimizers, ablations, evaluation],
          'one research signal; own losses or optimizers together with ablations or paper-style evaluation make ' +
            'the case',
        );
      return {
        status: 'missing',
        evidence: [],
        detail: 'no custom loss, optimizer, ablation, paper-style evaluation or cited paper was found',
      };
    },
  },
];
