// The worked case the tools' tests share: ransomware at a payroll service provider (社労夢,
// June 2023) — about 8.26 million people, マイナンバー included, the provider a 委託先.
import type { BreachInput } from '../tools/breach.ts';

export const shaRoumuCase: BreachInput = {
  learned_on: '2023-06-05',
  event: 'leak',
  suspected_only: true,
  sensitive: false,
  financial_harm: false,
  malicious: true,
  people: 8_260_000,
  encrypted_high_grade: false,
  entrusted: true,
  my_number: true,
};
