// 漏えい等報告の判定 (breach-report triage): is an incident one that must be reported to the
// Personal Information Protection Commission (個人情報保護委員会), by when, and must the people
// concerned be told? Pure rules: nothing here stores or logs what was typed.
//
// The rules, each checked against the law, the commission's rules and its guideline:
// - 個人情報保護法26条1項 and 施行規則7条: a 報告対象事態 is a 漏えい, 滅失 or 毀損 (漏えい等) of
//   personal data, happened or only feared (「発生したおそれがある事態」), that is
//   1号 sensitive (要配慮個人情報), 2号 open to misuse causing financial loss, 3号 caused by an
//   act possibly done with a wrongful purpose — since the amendment in force on 2024-04-01 this
//   includes personal information the business acquired or was acquiring and meant to hold as
//   personal data (e.g. a form skimmed before submission) — or 4号 about more than 1,000 people.
//   Data protected by high-grade encryption or similar (with the key not leaked) is excluded
//   from every 号 (7条1号 括弧書「以下同じ」).
// - 施行規則8条1項: the preliminary report (速報) is due 「速やかに」, which the guideline
//   (通則編 3-5-3-3) puts at about 3 to 5 days (概ね3〜5日以内) after learning of it.
// - 施行規則8条2項: the final report (確報) is due within 30 days, 60 days for 3号 (also when
//   3号 coincides with another 号).
// - Day counting (通則編 3-5-3-4, as implemented here): the day the business learned of the
//   event is day 1; weekends and holidays count; when day 30 / day 60 falls on a Saturday,
//   Sunday, national holiday or the year-end closure (12月29日〜1月3日) the deadline moves to
//   the next working day. The 速報 range is day 3 to day 5 counted the same way (a guide, not
//   moved for holidays).
// - 法26条1項ただし書: a business handling the data on someone's behalf (委託先) that promptly
//   informs the business that entrusted it (委託元) is released from its own report; 法26条2項
//   releases it from telling the people too.
// - 法26条2項 and 施行規則10条: the people concerned are told 「当該事態の状況に応じて速やかに」;
//   where that is difficult, a substitute measure such as 公表 is allowed (26条2項ただし書).
// - マイナンバー (特定個人情報): 番号法29条の4 and 特定個人情報の漏えい等に関する報告等に関する
//   規則 2条 — among its cases 2号 (an act possibly done with a wrongful purpose) and 4号 (more
//   than 100 people, a lower count than 4号 of the general rule); 3条 sets the same 速報 / 確報
//   scheme (30 days, 60 days for 2号). 2条1号 (data in the information-provision network or the
//   systems of bodies that use the numbers for their own procedures) and 3号 (made viewable by
//   an unspecified number of people online) are not asked by the form and are named as notes.
import { z } from 'zod';
import { addDays, formatJapaneseDate, onOrNextWorkingDay, parseDate } from './japan-calendar.ts';

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD の形で書いてください')
  .refine((d) => !Number.isNaN(parseDate(d).getTime()) && parseDate(d).toISOString().startsWith(d), 'ありえない日付です')
  .refine((d) => d >= '2022-04-01' && d <= '2099-12-31', '2022年4月1日（報告の義務化）から2099年までの日付を入れてください');

export const breachEvents = { leak: '漏えい', loss: '滅失', damage: '毀損' } as const;

/** The JSON contract of POST /api/tools/breach: every field required, nothing else allowed. */
export const breachInput = z
  .object({
    learned_on: calendarDate,
    event: z.enum(['leak', 'loss', 'damage'], 'leak, loss, damage のいずれかです'),
    suspected_only: z.boolean('true か false です'),
    sensitive: z.boolean('true か false です'),
    financial_harm: z.boolean('true か false です'),
    malicious: z.boolean('true か false です'),
    people: z.number('整数です').int('整数です').min(0, '0以上の数です').max(10_000_000_000, '多すぎます'),
    encrypted_high_grade: z.boolean('true か false です'),
    entrusted: z.boolean('true か false です'),
    my_number: z.boolean('true か false です'),
  })
  .strict();

export type BreachInput = z.infer<typeof breachInput>;

export interface Explanation {
  text: string;
  basis: string;
}

export interface Triage {
  reportable: boolean;
  /** 施行規則7条の号 ("1号" …) and, for マイナンバー, "番号法規則2条2号" / "番号法規則2条4号". */
  grounds: string[];
  preliminary_due: { from: string; to: string } | null;
  final_due: string | null;
  notify_individuals: boolean;
  explanations: Explanation[];
}

export class BreachInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** Why, without the field's name: 'missing', 'unknown' or the rule that failed. */
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** Validates an untrusted request; the error names the field, in Japanese. */
export function parseBreachInput(input: unknown): BreachInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BreachInputError('', 'JSON のオブジェクトを送ってください');
  }
  const parsed = breachInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const field = issue.keys[0]!;
    throw new BreachInputError(field, `「${field}」という項目はありません`, 'unknown');
  }
  const field = String(issue.path[0] ?? '');
  if ((input as Record<string, unknown>)[field] === undefined) throw new BreachInputError(field, `「${field}」がありません`, 'missing');
  throw new BreachInputError(field, `「${field}」が正しくありません（${issue.message}）`, issue.message);
}

const PIPA = '個人情報保護法';
const RULES = '個人情報保護法施行規則';
const MN_RULES = '特定個人情報の漏えい等に関する報告等に関する規則';

/** 施行規則8条1項 1–9号: what the report contains (速報: what is known at the time). */
export const reportContents: readonly string[] = [
  '概要',
  '漏えい等が発生し、又は発生したおそれがある個人データの項目',
  '漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数',
  '原因',
  '二次被害又はそのおそれの有無及びその内容',
  '本人への対応の実施状況',
  '公表の実施状況',
  '再発防止のための措置',
  'その他参考となる事項',
];

/** The day-counting rule as shown on the page. */
export const dayCountingRule =
  '期限の日数は、期間の初日を数えない決まり（民法140条）に従い、発覚日（事態を知った日）の翌日を1日目として土日・祝日も含めて数えます。確報の30日目・60日目が土日・祝日・年末年始（12月29日〜1月3日）に当たるときは、次の平日が期限です（通則編ガイドライン3-5-3-4）。速報の「概ね3〜5日」は3日目から5日目として示します。';

/** The n-th day of a period that starts when the business learned of it. The first day is not
 * counted (民法140条: a period in days starts the next day), so day 1 is the day after 発覚日. */
export function nthDay(learnedOn: string, n: number): string {
  return addDays(learnedOn, n);
}

export function triage(input: BreachInput): Triage {
  const explanations: Explanation[] = [];
  const say = (text: string, basis: string) => explanations.push({ text, basis });
  const what = breachEvents[input.event] + (input.suspected_only ? 'のおそれ' : '');
  const people = input.people.toLocaleString('ja-JP');

  const grounds: string[] = [];
  if (input.encrypted_high_grade) {
    say(
      '高度な暗号化などで保護され、復号の鍵が漏れていない個人データは、報告の対象から除かれます。鍵も漏れた（またはそのおそれがある）なら、この除外は使えません。',
      `${RULES}7条1号括弧書`,
    );
  } else {
    if (input.sensitive) {
      grounds.push('1号');
      say(`要配慮個人情報を含む個人データの${what}です。人数にかかわらず報告の対象です。`, `${RULES}7条1号`);
    }
    if (input.financial_harm) {
      grounds.push('2号');
      say(
        `不正に使われると財産的被害が生じるおそれのある個人データ（カード番号、ネットバンキングの認証情報など）の${what}です。人数にかかわらず報告の対象です。`,
        `${RULES}7条2号`,
      );
    }
    if (input.malicious) {
      grounds.push('3号');
      say(
        `不正アクセス、盗難、内部不正など、不正の目的をもって行われたおそれのある行為による${what}です。人数にかかわらず報告の対象です。2024年4月1日施行の改正により、個人データとして扱う予定で取得し、または取得しようとしていた個人情報（入力フォームの改ざんで送信前に盗まれた情報など）も含まれます。`,
        `${RULES}7条3号`,
      );
    }
    if (input.people > 1000) {
      grounds.push('4号');
      say(`本人の数が${people}人で、1,000人を超えています。`, `${RULES}7条4号`);
    } else if (!grounds.length) {
      say(`本人の数は${people}人で、1,000人を超えていません（1,000人ちょうどは対象外、1,001人からが対象です）。`, `${RULES}7条4号`);
    }
  }

  const mnGrounds: string[] = [];
  if (input.my_number && !input.encrypted_high_grade) {
    if (input.malicious) {
      mnGrounds.push('番号法規則2条2号');
      say(
        'マイナンバーを含む特定個人情報が、不正の目的をもって行われたおそれのある行為で漏えい等した事態で、番号法による報告の対象です。',
        `番号法29条の4第1項、${MN_RULES}2条2号`,
      );
    }
    if (input.people > 100) {
      mnGrounds.push('番号法規則2条4号');
      say(
        `特定個人情報に係る本人の数が${people}人で、100人を超えています。番号法の基準は個人情報保護法（1,000人）より低く、100人を超えると報告の対象です。`,
        `番号法29条の4第1項、${MN_RULES}2条4号`,
      );
    } else {
      say(`特定個人情報に係る本人の数は${people}人で、番号法の基準（100人を超える）には達していません。`, `${MN_RULES}2条4号`);
    }
    say(
      '番号法では、このほか、情報提供ネットワークシステムや個人番号利用事務の情報システムで管理される特定個人情報の漏えい等（2条1号）と、インターネット上などで不特定多数の人に閲覧されるおそれ（2条3号）も、人数にかかわらず報告の対象です。当てはまらないか確かめてください。',
      `${MN_RULES}2条1号・3号`,
    );
  } else if (input.my_number) {
    say('高度な暗号化などで保護された特定個人情報は、番号法による報告の対象からも除かれます。', `${MN_RULES}2条1号括弧書`);
  }

  const allGrounds = [...grounds, ...mnGrounds];
  const reportable = allGrounds.length > 0;
  if (!reportable) {
    say(
      '報告対象事態には当たりません。それでも、社内での報告、被害の拡大防止、事実関係の調査と原因の究明、影響範囲の特定、再発防止策、必要に応じた本人への連絡や公表を行ってください。',
      '個人情報保護法ガイドライン（通則編）3-5-2',
    );
    return { reportable, grounds: [], preliminary_due: null, final_due: null, notify_individuals: false, explanations };
  }

  if (input.suspected_only) {
    say('漏えい等が確定していなくても、そのおそれがある段階で報告の対象です。', `${RULES}7条各号「発生したおそれがある事態」`);
  }
  if (input.event !== 'leak') {
    say(
      `${breachEvents[input.event]}も「漏えい等」に含まれます。ただし、同じ内容のデータをバックアップなどから復元できるなら、${breachEvents[input.event]}に当たらない場合があります。`,
      `${PIPA}26条1項、${RULES}7条1号`,
    );
  }

  const sixty = grounds.includes('3号') || mnGrounds.includes('番号法規則2条2号');
  const days = sixty ? 60 : 30;
  const preliminary = { from: nthDay(input.learned_on, 3), to: nthDay(input.learned_on, 5) };
  const lastDay = nthDay(input.learned_on, days);
  const finalDue = onOrNextWorkingDay(lastDay);
  say(
    `速報は、事態を知った後「速やかに」、その時点で分かっていることを報告します。目安は概ね3〜5日以内で、${formatJapaneseDate(preliminary.from)}から${formatJapaneseDate(preliminary.to)}までです。`,
    `${RULES}8条1項${input.my_number ? `、${MN_RULES}3条1項` : ''}`,
  );
  say(
    `確報は、事態を知った日から${days}日以内です${sixty ? '（不正の目的によるおそれがある事態は60日）' : ''}。期限は${formatJapaneseDate(finalDue)}です${finalDue !== lastDay ? `（${days}日目の${formatJapaneseDate(lastDay)}が休日のため、次の平日）` : ''}。`,
    `${RULES}8条2項${input.my_number ? `、${MN_RULES}3条2項` : ''}`,
  );
  say(
    '本人への通知が必要です。事態の状況に応じて速やかに、概要、漏えい等した個人データの項目、原因、二次被害のおそれ、その他参考となる事項を通知します。',
    `${PIPA}26条2項、${RULES}10条${input.my_number ? '、番号法29条の4第2項' : ''}`,
  );
  say(
    '連絡先が分からないなど本人への通知が困難なときは、事案の公表や問い合わせ窓口の設置など、本人の権利利益を守るための代わりの措置で足ります。',
    `${PIPA}26条2項ただし書`,
  );
  if (input.entrusted) {
    say(
      '委託を受けて扱っている個人データ（委託先）の場合、報告対象事態が発生したことを委託元に速やかに通知すれば、委託先自身の報告と本人への通知の義務はなくなります（報告と通知は委託元が行います）。委託元と連名で報告することもできます。',
      `${PIPA}26条1項ただし書・2項、${RULES}9条${input.my_number ? '、番号法29条の4第1項ただし書' : ''}`,
    );
  }
  return {
    reportable,
    grounds: allGrounds,
    preliminary_due: preliminary,
    final_due: finalDue,
    notify_individuals: true,
    explanations,
  };
}
