import type { DataSource, ProviderProfile } from '../catalog-types';
import { between, exact } from '../internal/range';

// Sources. Where a figure below is not published by the operator itself, its source says what
// stands in for it. docs/data.md, "Zones and providers", explains each choice.

const ECOLOGITS_SOURCE: DataSource = {
  title: 'EcoLogits 0.9.1 provider configuration (ecologits/tracers/utils.py, PROVIDER_CONFIG_MAP)',
  url: 'https://github.com/genai-impact/ecologits/blob/0.9.1/ecologits/tracers/utils.py',
  date: '2025-11-13',
};

const MICROSOFT_DESIGN_PUE: DataSource = {
  title: 'Microsoft (N. Walsh), How Microsoft measures datacenter water and energy use to improve Azure Cloud sustainability: newest datacenter generations designed for PUE 1.12',
  url: 'https://azure.microsoft.com/en-us/blog/how-microsoft-measures-datacenter-water-and-energy-use-to-improve-azure-cloud-sustainability/',
  date: '2022-04-22',
};

const MICROSOFT_WUE: DataSource = {
  title: 'Microsoft, Sustainable by design: next-generation datacenters consume zero water for cooling (fleet WUE 0.30 L/kWh in FY2023, 0.49 in 2021)',
  url: 'https://www.microsoft.com/en-us/microsoft-cloud/blog/2024/12/09/sustainable-by-design-next-generation-datacenters-consume-zero-water-for-cooling/',
  date: '2024-12-09',
};

const GOOGLE_PUE: DataSource = {
  title: 'Google data centers, efficiency: fleet-wide trailing twelve-month PUE 1.09 in 2024',
  url: 'https://www.google.com/about/datacenters/efficiency/',
  date: '2025-06',
};

const GOOGLE_WUE: DataSource = {
  title: 'Google data-center water consumption per kWh (Google environmental reports) as EcoLogits 0.9.1 uses it for Google: WUE 0.999 L/kWh',
  url: 'https://github.com/genai-impact/ecologits/blob/0.9.1/ecologits/tracers/utils.py',
  date: '2025-11-13',
};

const AWS_EFFICIENCY: DataSource = {
  title: 'Amazon 2024 Sustainability Report, AWS data centers: global PUE 1.15 and WUE 0.15 L/kWh in 2024',
  url: 'https://sustainability.aboutamazon.com/2024-amazon-sustainability-report.pdf',
  date: '2025-07',
};

const UPTIME_2024: DataSource = {
  title: 'Uptime Institute Global Data Center Survey 2024: industry average PUE 1.56 (upper bound for an operator that publishes no PUE)',
  url: 'https://uptimeinstitute.com/resources/research-and-reports/uptime-institute-global-data-center-survey-results-2024',
  date: '2024-07',
};

const LBNL_2016: DataSource = {
  title: 'Shehabi et al., United States Data Center Energy Usage Report, LBNL 2016: average on-site WUE 1.8 L/kWh (upper bound for an operator that publishes no WUE; 0 for dry cooling)',
  url: 'https://eta.lbl.gov/publications/united-states-data-center-energy',
  date: '2016-06',
};

const CHECKED = '2026-11-28';

/**
 * PUE of a datacenter whose operator publishes none: from a hyperscale facility (1.09, Google's
 * 2024 fleet) to the industry average (1.56, Uptime Institute 2024).
 */
const UNPUBLISHED_PUE = between(1.09, 1.56);
/** On-site WUE of a datacenter whose operator publishes none: dry cooling (0) to the US average (1.8, LBNL 2016). */
const UNPUBLISHED_WUE = between(0, 1.8);
const UNPUBLISHED_SOURCES: readonly DataSource[] = [GOOGLE_PUE, UPTIME_2024, LBNL_2016];

/** Microsoft Azure, US regions: PUE from the newest designs (1.12) to EcoLogits' Azure US figure (1.20). */
const AZURE_US_PUE = between(1.12, 1.2);
/** Microsoft Azure, US regions: WUE from the fleet average (0.30, FY2023) to EcoLogits' Azure US figure (0.569). */
const AZURE_US_WUE = between(0.3, 0.569);
const AZURE_US_SOURCES: readonly DataSource[] = [MICROSOFT_DESIGN_PUE, MICROSOFT_WUE, ECOLOGITS_SOURCE];

function hostNote(title: string, url: string): DataSource {
  return { title, url, date: CHECKED };
}

/** Datacenter defaults of the providers and OpenAI-compatible hosts WattLens knows. */
export const PROVIDER_PROFILES: readonly ProviderProfile[] = [
  // --- Model providers -------------------------------------------------------------------------
  {
    id: 'openai',
    name: 'OpenAI',
    zone: 'USA',
    pue: AZURE_US_PUE,
    wue: AZURE_US_WUE,
    hardware: 'h100',
    ecologits: { zone: 'USA', pue: exact(1.2), wue: exact(0.569) },
    sources: [
      hostNote('OpenAI serves its API from Microsoft Azure datacenters, mostly in the United States (OpenAI–Microsoft partnership)', 'https://openai.com/index/openai-and-microsoft-extend-partnership/'),
      ...AZURE_US_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'mistral',
    name: 'Mistral AI',
    aliases: ['mistralai'],
    zone: 'SWE',
    pue: exact(1.16),
    wue: exact(0.09),
    hardware: 'h100',
    ecologits: { zone: 'SWE', pue: exact(1.16), wue: exact(0.09) },
    sources: [
      hostNote('Mistral AI serves La Plateforme from datacenters in the European Union; EcoLogits places them in Sweden (PUE 1.16, WUE 0.09 L/kWh)', 'https://docs.mistral.ai/deployment/laplateforme/overview/'),
      ECOLOGITS_SOURCE,
    ],
    checked: CHECKED,
  },
  {
    id: 'mistral-us',
    name: 'Mistral AI (United States endpoint)',
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Mistral AI offers a United States endpoint; its datacenter operator and efficiency are not published: generic range', 'https://docs.mistral.ai/deployment/laplateforme/overview/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'huggingface',
    name: 'Hugging Face (inference router)',
    aliases: ['huggingface_hub', 'hf'],
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    ecologits: { zone: 'USA', pue: between(1.09, 1.14), wue: between(0.13, 0.99) },
    sources: [
      hostNote('The Hugging Face router forwards each request to one of its inference providers (mostly US-hosted); which one is not known in advance: generic range', 'https://huggingface.co/docs/inference-providers/index'),
      ...UNPUBLISHED_SOURCES,
      ECOLOGITS_SOURCE,
    ],
    checked: CHECKED,
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    zone: 'USA',
    pue: between(1.09, 1.15),
    wue: between(0.15, 0.999),
    hardware: 'h100',
    ecologits: { zone: 'USA', pue: between(1.09, 1.14), wue: between(0.13, 0.999) },
    sources: [
      hostNote('Anthropic serves Claude from Amazon Web Services (Trainium and GPUs) and Google Cloud (TPUs), mostly in the United States; h100 stands in for that accelerator mix', 'https://www.anthropic.com/news/anthropic-amazon-trainium'),
      AWS_EFFICIENCY,
      GOOGLE_PUE,
      GOOGLE_WUE,
      ECOLOGITS_SOURCE,
    ],
    checked: CHECKED,
  },
  {
    id: 'google',
    name: 'Google',
    aliases: ['google_genai', 'gemini', 'vertex'],
    zone: 'USA',
    pue: exact(1.09),
    wue: exact(0.999),
    hardware: 'h100',
    ecologits: { zone: 'USA', pue: exact(1.09), wue: exact(0.999) },
    sources: [
      hostNote('Google serves Gemini from its own datacenters on TPUs; h100 stands in for a TPU server', 'https://cloud.google.com/tpu/docs/intro-to-tpu'),
      GOOGLE_PUE,
      GOOGLE_WUE,
    ],
    checked: CHECKED,
  },
  {
    id: 'cohere',
    name: 'Cohere',
    zone: 'USA',
    pue: exact(1.09),
    wue: exact(0.999),
    hardware: 'h100',
    ecologits: { zone: 'USA', pue: exact(1.09), wue: exact(0.999) },
    sources: [
      hostNote('Cohere runs its platform on Google Cloud (Cohere–Google Cloud partnership), assumed in the United States', 'https://cohere.com/blog/cohere-google-cloud'),
      GOOGLE_PUE,
      GOOGLE_WUE,
      ECOLOGITS_SOURCE,
    ],
    checked: CHECKED,
  },

  // --- Clouds and inference hosts (OpenAI-compatible) -----------------------------------------
  {
    id: 'azure',
    name: 'Azure OpenAI (Microsoft Foundry)',
    aliases: ['azure-openai'],
    zone: 'USA',
    pue: AZURE_US_PUE,
    wue: AZURE_US_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Azure OpenAI runs in the Azure region of the deployment; the United States is assumed: pass zone for another region', 'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/models'),
      ...AZURE_US_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'groq',
    name: 'Groq',
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('GroqCloud serves from Groq LPU datacenters, mostly in the United States; WattLens has no LPU profile: h100 stands in for a current accelerator server; PUE and WUE not published', 'https://groq.com/lpu-architecture'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'together',
    name: 'Together AI',
    aliases: ['togetherai', 'together-ai'],
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Together AI serves on NVIDIA H100, H200 and B200 clusters in North American datacenters; PUE and WUE not published', 'https://www.together.ai/gpu-clusters'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'fireworks-ai',
    name: 'Fireworks AI',
    aliases: ['fireworks'],
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Fireworks AI serves on NVIDIA GPUs in cloud datacenters, mostly in the United States; PUE and WUE not published', 'https://fireworks.ai/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'deepinfra',
    name: 'DeepInfra',
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('DeepInfra serves on NVIDIA GPUs in United States datacenters; PUE and WUE not published', 'https://deepinfra.com/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'cerebras',
    name: 'Cerebras',
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'b200',
    sources: [
      hostNote('Cerebras Inference runs on CS-3 systems (WSE-3, 5 nm) in its datacenters, mostly in the United States; WattLens has no WSE profile: b200, the same generation, stands in; PUE and WUE not published', 'https://www.cerebras.ai/blog/cerebras-announces-six-new-ai-datacenters-across-north-america-and-europe-to-deliver-industry-s'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'sambanova',
    name: 'SambaNova Cloud',
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('SambaNova Cloud runs on SN40L RDU systems in the United States; WattLens has no RDU profile: h100, the same generation, stands in; PUE and WUE not published', 'https://sambanova.ai/technology/sn40l-rdu-ai-chip'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'novita',
    name: 'Novita AI',
    aliases: ['novita-ai'],
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Novita AI serves on NVIDIA GPUs, its API endpoint in the United States; PUE and WUE not published', 'https://novita.ai/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'nscale',
    name: 'Nscale',
    zone: 'NOR',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Nscale serves from its datacenter in Glomfjord, Norway, on hydropower; PUE and WUE not published', 'https://www.nscale.com/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'ovhcloud',
    name: 'OVHcloud AI Endpoints',
    aliases: ['ovh'],
    zone: 'FRA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('OVHcloud AI Endpoints run in OVHcloud datacenters in France (Gravelines region); per-site PUE and WUE are published by OVHcloud but not yet checked by WattLens: generic range', 'https://www.ovhcloud.com/en/public-cloud/ai-endpoints/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'scaleway',
    name: 'Scaleway Generative APIs',
    zone: 'FRA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Scaleway Generative APIs run in its Paris-region datacenters (France); per-site PUE is published by Scaleway but not yet checked by WattLens: generic range', 'https://www.scaleway.com/en/generative-apis/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'nebius',
    name: 'Nebius AI Studio',
    aliases: ['nebius-ai-studio'],
    zone: 'FIN',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('Nebius serves from its datacenter in Mäntsälä, Finland (also Paris and the United States); PUE and WUE not yet checked by WattLens: generic range', 'https://nebius.com/'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
  {
    id: 'hf-inference',
    name: 'Hugging Face Inference (HF-hosted)',
    zone: 'USA',
    pue: exact(1.15),
    wue: exact(0.15),
    hardware: 'h100',
    sources: [
      hostNote('Hugging Face runs its own hf-inference serverless endpoints on Amazon Web Services in the United States', 'https://huggingface.co/docs/inference-providers/providers/hf-inference'),
      AWS_EFFICIENCY,
    ],
    checked: CHECKED,
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    zone: 'USA',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('OpenRouter is a router: each request is served by one of many upstream providers, chosen per request; WattLens assumes a US datacenter of unknown operator. Pass provider and zone of the upstream when known', 'https://openrouter.ai/docs/features/provider-routing'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },

  // --- Local and self-hosted -------------------------------------------------------------------
  {
    id: 'ollama',
    name: 'Ollama (local machine)',
    zone: 'WOR',
    pue: exact(1),
    wue: exact(0),
    hardware: 'a100',
    sources: [
      hostNote('Ollama runs on the user\'s own machine: no datacenter overhead (PUE 1) and no on-site cooling water; the grid is the world average unless options.zone gives the user\'s country; a100, the lowest-power WattLens profile, stands in for a workstation GPU', 'https://github.com/ollama/ollama/blob/main/docs/openai.md'),
    ],
    checked: CHECKED,
  },
  {
    id: 'lmstudio',
    name: 'LM Studio (local machine)',
    aliases: ['lm-studio'],
    zone: 'WOR',
    pue: exact(1),
    wue: exact(0),
    hardware: 'a100',
    sources: [
      hostNote('LM Studio runs on the user\'s own machine: no datacenter overhead (PUE 1) and no on-site cooling water; the grid is the world average unless options.zone gives the user\'s country; a100, the lowest-power WattLens profile, stands in for a workstation GPU', 'https://lmstudio.ai/docs/app/api/endpoints/openai'),
    ],
    checked: CHECKED,
  },
  {
    id: 'vllm',
    name: 'vLLM (self-hosted)',
    zone: 'WOR',
    pue: UNPUBLISHED_PUE,
    wue: UNPUBLISHED_WUE,
    hardware: 'h100',
    sources: [
      hostNote('A self-hosted vLLM server: location and datacenter unknown, so the world-average grid and a generic datacenter range; pass zone, pue and wue, or register your own profile', 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html'),
      ...UNPUBLISHED_SOURCES,
    ],
    checked: CHECKED,
  },
];
