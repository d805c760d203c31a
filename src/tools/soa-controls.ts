// ISO/IEC 27001:2022 Annex A: the 93 controls by theme, with their titles in Japanese (as in
// JIS Q 27001:2023) and English, and the five attributes ISO/IEC 27002:2022 gives each one.
// Facts only — numbers, titles and attribute values; the short notes are our own words.
//
// One line per control keeps the table reviewable:
//   id | 日本語 | English | control type | properties | concepts | capabilities | domains
// with the codes below (P/D/C, C/I/A, Id/Pr/De/Re/Rc, capability keys, G/Pr/De/Re).

export const themes = [
  { id: '5', ja: '組織的管理策', en: 'Organizational controls' },
  { id: '6', ja: '人的管理策', en: 'People controls' },
  { id: '7', ja: '物理的管理策', en: 'Physical controls' },
  { id: '8', ja: '技術的管理策', en: 'Technological controls' },
] as const;
export type ThemeId = (typeof themes)[number]['id'];

export const controlTypes = { P: 'Preventive', D: 'Detective', C: 'Corrective' } as const;
export const securityProperties = { C: 'Confidentiality', I: 'Integrity', A: 'Availability' } as const;
export const cybersecurityConcepts = { Id: 'Identify', Pr: 'Protect', De: 'Detect', Re: 'Respond', Rc: 'Recover' } as const;
export const operationalCapabilities = {
  gov: 'Governance',
  asset: 'Asset_management',
  info: 'Information_protection',
  hr: 'Human_resource_security',
  phys: 'Physical_security',
  net: 'System_and_network_security',
  app: 'Application_security',
  conf: 'Secure_configuration',
  iam: 'Identity_and_access_management',
  tvm: 'Threat_and_vulnerability_management',
  cont: 'Continuity',
  supp: 'Supplier_relationships_security',
  legal: 'Legal_and_compliance',
  event: 'Information_security_event_management',
  assur: 'Information_security_assurance',
} as const;
export const securityDomains = { G: 'Governance_and_Ecosystem', Pr: 'Protection', De: 'Defence', Re: 'Resilience' } as const;

/** Japanese names of the attribute values, for the page and the workbook. */
export const attributeLabels: Record<string, string> = {
  Preventive: '予防',
  Detective: '検知',
  Corrective: '是正',
  Confidentiality: '機密性',
  Integrity: '完全性',
  Availability: '可用性',
  Identify: '識別',
  Protect: '防御',
  Detect: '検知',
  Respond: '対応',
  Recover: '復旧',
  Governance: 'ガバナンス',
  Asset_management: '資産管理',
  Information_protection: '情報保護',
  Human_resource_security: '人的資源のセキュリティ',
  Physical_security: '物理的セキュリティ',
  System_and_network_security: 'システム及びネットワークのセキュリティ',
  Application_security: 'アプリケーションのセキュリティ',
  Secure_configuration: 'セキュリティを保った構成',
  Identity_and_access_management: '識別情報及びアクセスの管理',
  Threat_and_vulnerability_management: '脅威及びぜい弱性の管理',
  Continuity: '継続性',
  Supplier_relationships_security: '供給者関係のセキュリティ',
  Legal_and_compliance: '法令及び順守',
  Information_security_event_management: '情報セキュリティ事象の管理',
  Information_security_assurance: '情報セキュリティの保証',
  Governance_and_Ecosystem: 'ガバナンス及びエコシステム',
  Protection: '防御',
  Defence: '防衛',
  Resilience: '回復力',
};

const TABLE = `
5.1|情報セキュリティのための方針群|Policies for information security|P|CIA|Id|gov|G,Re
5.2|情報セキュリティの役割及び責任|Information security roles and responsibilities|P|CIA|Id|gov|G,Pr,Re
5.3|職務の分離|Segregation of duties|P|CIA|Pr|gov,iam|G
5.4|経営陣の責任|Management responsibilities|P|CIA|Id|gov|G
5.5|関係当局との連絡|Contact with authorities|P,C|CIA|Id,Pr,Re,Rc|gov|De,Re
5.6|専門組織との連絡|Contact with special interest groups|P,C|CIA|Pr,Re,Rc|gov|De
5.7|脅威インテリジェンス|Threat intelligence|P,D,C|CIA|Id,De,Re|tvm|De,Re
5.8|プロジェクトマネジメントにおける情報セキュリティ|Information security in project management|P|CIA|Id,Pr|gov|G,Pr
5.9|情報及びその他の関連資産の目録|Inventory of information and other associated assets|P|CIA|Id|asset|G,Pr
5.10|情報及びその他の関連資産の許容される利用|Acceptable use of information and other associated assets|P|CIA|Pr|asset,info|G,Pr
5.11|資産の返却|Return of assets|P|CIA|Pr|asset|Pr
5.12|情報の分類|Classification of information|P|CIA|Id|info|Pr,De
5.13|情報のラベル付け|Labelling of information|P|CIA|Pr|info|De,Pr
5.14|情報転送|Information transfer|P|CIA|Pr|asset,info|Pr
5.15|アクセス制御|Access control|P|CIA|Pr|iam|Pr
5.16|識別情報の管理|Identity management|P|CIA|Pr|iam|Pr
5.17|認証情報|Authentication information|P|CIA|Pr|iam|Pr
5.18|アクセス権|Access rights|P|CIA|Pr|iam|Pr
5.19|供給者関係における情報セキュリティ|Information security in supplier relationships|P|CIA|Id|supp|G,Pr
5.20|供給者との合意における情報セキュリティの取扱い|Addressing information security within supplier agreements|P|CIA|Id|supp|G,Pr
5.21|ICTサプライチェーンにおける情報セキュリティの管理|Managing information security in the ICT supply chain|P|CIA|Id|supp|G,Pr
5.22|供給者のサービス提供の監視、レビュー及び変更管理|Monitoring, review and change management of supplier services|P|CIA|Id|supp,assur|G,Pr,De
5.23|クラウドサービスの利用における情報セキュリティ|Information security for use of cloud services|P|CIA|Pr|supp|G,Pr
5.24|情報セキュリティインシデント管理の計画策定及び準備|Information security incident management planning and preparation|C|CIA|Re,Rc|gov,event|De
5.25|情報セキュリティ事象の評価及び決定|Assessment and decision on information security events|D|CIA|De,Re|event|De
5.26|情報セキュリティインシデントへの対応|Response to information security incidents|C|CIA|Re,Rc|event|De
5.27|情報セキュリティインシデントからの学習|Learning from information security incidents|P|CIA|Id,Pr|event|De
5.28|証拠の収集|Collection of evidence|C|CIA|De,Re|event|De
5.29|事業の中断・阻害時の情報セキュリティ|Information security during disruption|P,C|CIA|Pr,Re|cont|Pr,Re
5.30|事業継続のためのICTの備え|ICT readiness for business continuity|C|A|Re|cont|Re
5.31|法令、規制及び契約上の要求事項|Legal, statutory, regulatory and contractual requirements|P|CIA|Id|legal|G,Pr
5.32|知的財産権|Intellectual property rights|P|CIA|Id|legal|G
5.33|記録の保護|Protection of records|P|CIA|Id,Pr|legal,asset,info|De
5.34|プライバシー及びPIIの保護|Privacy and protection of PII|P|CIA|Id,Pr|info,legal|Pr
5.35|情報セキュリティの独立したレビュー|Independent review of information security|P,C|CIA|Id,Pr|assur|G
5.36|情報セキュリティのための方針群、規則及び標準の順守|Compliance with policies, rules and standards for information security|P|CIA|Id,Pr|legal,assur|G
5.37|操作手順書|Documented operating procedures|P,C|CIA|Pr,Rc|asset,phys,net,app,conf,iam,tvm,cont,event|G,Pr,De
6.1|選考|Screening|P|CIA|Pr|hr|G
6.2|雇用条件|Terms and conditions of employment|P|CIA|Pr|hr|G
6.3|情報セキュリティの意識向上、教育及び訓練|Information security awareness, education and training|P|CIA|Pr|hr|G
6.4|懲戒手続|Disciplinary process|P,C|CIA|Pr,Re|hr|G
6.5|雇用の終了又は変更後の責任|Responsibilities after termination or change of employment|P|CIA|Pr|hr,asset|G
6.6|秘密保持契約又は守秘義務契約|Confidentiality or non-disclosure agreements|P|C|Pr|hr,info,supp|G
6.7|リモートワーク|Remote working|P|CIA|Pr|asset,info,phys,net|Pr
6.8|情報セキュリティ事象の報告|Information security event reporting|D|CIA|De|event|De
7.1|物理的セキュリティ境界|Physical security perimeters|P|CIA|Pr|phys|Pr
7.2|物理的入退|Physical entry|P|CIA|Pr|phys,iam|Pr
7.3|オフィス、部屋及び施設のセキュリティ|Securing offices, rooms and facilities|P|CIA|Pr|phys,asset|Pr
7.4|物理的セキュリティの監視|Physical security monitoring|P,D|CIA|Pr,De|phys|Pr,De
7.5|物理的及び環境的脅威からの保護|Protecting against physical and environmental threats|P|CIA|Pr|phys|Pr
7.6|セキュリティを保つべき領域での作業|Working in secure areas|P|CIA|Pr|phys|Pr
7.7|クリアデスク・クリアスクリーン|Clear desk and clear screen|P|C|Pr|phys|Pr
7.8|装置の設置及び保護|Equipment siting and protection|P|CIA|Pr|phys,asset|Pr
7.9|構外にある資産のセキュリティ|Security of assets off-premises|P|CIA|Pr|phys,asset|Pr
7.10|記憶媒体|Storage media|P|CIA|Pr|phys,asset|Pr
7.11|サポートユーティリティ|Supporting utilities|P,D|IA|Pr,De|phys|Pr
7.12|ケーブル配線のセキュリティ|Cabling security|P|CA|Pr|phys|Pr
7.13|装置の保守|Equipment maintenance|P|CIA|Pr|phys,asset|Pr,Re
7.14|装置のセキュリティを保った処分又は再利用|Secure disposal or re-use of equipment|P|C|Pr|phys,asset|Pr
8.1|利用者エンドポイント機器|User endpoint devices|P|CIA|Pr|asset,info|Pr
8.2|特権的アクセス権|Privileged access rights|P|CIA|Pr|iam|Pr
8.3|情報へのアクセス制限|Information access restriction|P|CIA|Pr|iam|Pr
8.4|ソースコードへのアクセス|Access to source code|P|CIA|Pr|iam,app,conf|Pr
8.5|セキュリティを保った認証|Secure authentication|P|CIA|Pr|iam|Pr
8.6|容量・能力の管理|Capacity management|P,D|IA|Id,Pr,De|cont|G,Pr
8.7|マルウェアに対する保護|Protection against malware|P,D,C|CIA|Pr,De|net,info|Pr,De
8.8|技術的ぜい弱性の管理|Management of technical vulnerabilities|P|CIA|Id,Pr|tvm|G,Pr,De
8.9|構成管理|Configuration management|P|CIA|Pr|conf|Pr
8.10|情報の削除|Information deletion|P|C|Pr|info,legal|Pr
8.11|データマスキング|Data masking|P|C|Pr|info|Pr
8.12|データ漏えいの防止|Data leakage prevention|P,D|C|Pr,De|info|Pr,De
8.13|情報のバックアップ|Information backup|C|IA|Rc|cont|Pr
8.14|情報処理施設の冗長性|Redundancy of information processing facilities|P|A|Pr|cont,asset|Pr,Re
8.15|ログ取得|Logging|D|CIA|De|event|Pr,De
8.16|監視活動|Monitoring activities|D,C|CIA|De,Re|event|De
8.17|クロックの同期|Clock synchronization|D|I|Pr,De|event|Pr,De
8.18|特権的なユーティリティプログラムの使用|Use of privileged utility programs|P|CIA|Pr|net,conf,app|Pr
8.19|運用システムへのソフトウェアの導入|Installation of software on operational systems|P|CIA|Pr|conf,app|Pr
8.20|ネットワークのセキュリティ|Networks security|P,D|CIA|Pr,De|net|Pr
8.21|ネットワークサービスのセキュリティ|Security of network services|P|CIA|Pr|net|Pr
8.22|ネットワークの分離|Segregation of networks|P|CIA|Pr|net|Pr
8.23|ウェブ・フィルタリング|Web filtering|P|CIA|Pr|net|Pr
8.24|暗号の使用|Use of cryptography|P|CIA|Pr|conf|Pr
8.25|セキュリティに配慮した開発のライフサイクル|Secure development life cycle|P|CIA|Pr|app,net|Pr
8.26|アプリケーションのセキュリティの要求事項|Application security requirements|P|CIA|Pr|app,net|Pr,De
8.27|セキュリティに配慮したシステムアーキテクチャ及びシステム構築の原則|Secure system architecture and engineering principles|P|CIA|Pr|app,net|Pr
8.28|セキュリティに配慮したコーディング|Secure coding|P|CIA|Pr|app,net|Pr
8.29|開発及び受入れにおけるセキュリティテスト|Security testing in development and acceptance|P|CIA|Id|app,assur,net|Pr
8.30|外部委託による開発|Outsourced development|P,D|CIA|Id,Pr,De|net,app,supp|G,Pr
8.31|開発環境、テスト環境及び本番環境の分離|Separation of development, test and production environments|P|CIA|Pr|app,net|Pr
8.32|変更管理|Change management|P|CIA|Pr|app,net|Pr
8.33|テスト用情報|Test information|P|CI|Pr|info|Pr
8.34|監査試験中の情報システムの保護|Protection of information systems during audit testing|P|CIA|Pr|net,info|G,Pr
`;

export interface Control {
  /** "5.1" … "8.34" */
  id: string;
  theme: ThemeId;
  title: { ja: string; en: string };
  attributes: {
    controlType: string[];
    securityProperties: string[];
    cybersecurityConcepts: string[];
    operationalCapabilities: string[];
    securityDomains: string[];
  };
  /** Controls that are new in the 2022 edition (no 2013 control maps to them). */
  isNew: boolean;
}

function lookup<T extends Record<string, string>>(table: T, codes: string, id: string): string[] {
  return codes.split(',').map((c) => {
    const v = table[c as keyof T];
    if (!v) throw new Error(`管理策 ${id} の属性コード ${c} が表にありません`);
    return v;
  });
}

/** 2013 (A.5.1.1 …) → 2022 (5.1 …): the correspondence of the 114 old controls to the 93 new. */
export const mapping2013 = `
A.5.1.1 5.1|A.5.1.2 5.1|A.6.1.1 5.2|A.6.1.2 5.3|A.6.1.3 5.5|A.6.1.4 5.6|A.6.1.5 5.8|A.6.2.1 8.1|A.6.2.2 6.7
A.7.1.1 6.1|A.7.1.2 6.2|A.7.2.1 5.4|A.7.2.2 6.3|A.7.2.3 6.4|A.7.3.1 6.5
A.8.1.1 5.9|A.8.1.2 5.9|A.8.1.3 5.10|A.8.1.4 5.11|A.8.2.1 5.12|A.8.2.2 5.13|A.8.2.3 5.10|A.8.3.1 7.10|A.8.3.2 7.10|A.8.3.3 7.10
A.9.1.1 5.15|A.9.1.2 5.15|A.9.2.1 5.16|A.9.2.2 5.18|A.9.2.3 8.2|A.9.2.4 5.17|A.9.2.5 5.18|A.9.2.6 5.18|A.9.3.1 5.17|A.9.4.1 8.3|A.9.4.2 8.5|A.9.4.3 5.17|A.9.4.4 8.18|A.9.4.5 8.4
A.10.1.1 8.24|A.10.1.2 8.24
A.11.1.1 7.1|A.11.1.2 7.2|A.11.1.3 7.3|A.11.1.4 7.5|A.11.1.5 7.6|A.11.1.6 7.2|A.11.2.1 7.8|A.11.2.2 7.11|A.11.2.3 7.12|A.11.2.4 7.13|A.11.2.5 7.10|A.11.2.6 7.9|A.11.2.7 7.14|A.11.2.8 8.1|A.11.2.9 7.7
A.12.1.1 5.37|A.12.1.2 8.32|A.12.1.3 8.6|A.12.1.4 8.31|A.12.2.1 8.7|A.12.3.1 8.13|A.12.4.1 8.15|A.12.4.2 8.15|A.12.4.3 8.15|A.12.4.4 8.17|A.12.5.1 8.19|A.12.6.1 8.8|A.12.6.2 8.19|A.12.7.1 8.34
A.13.1.1 8.20|A.13.1.2 8.21|A.13.1.3 8.22|A.13.2.1 5.14|A.13.2.2 5.14|A.13.2.3 5.14|A.13.2.4 6.6
A.14.1.1 5.8|A.14.1.2 8.26|A.14.1.3 8.26|A.14.2.1 8.25|A.14.2.2 8.32|A.14.2.3 8.32|A.14.2.4 8.32|A.14.2.5 8.27|A.14.2.6 8.31|A.14.2.7 8.30|A.14.2.8 8.29|A.14.2.9 8.29|A.14.3.1 8.33
A.15.1.1 5.19|A.15.1.2 5.20|A.15.1.3 5.21|A.15.2.1 5.22|A.15.2.2 5.22
A.16.1.1 5.24|A.16.1.2 6.8|A.16.1.3 6.8|A.16.1.4 5.25|A.16.1.5 5.26|A.16.1.6 5.27|A.16.1.7 5.28
A.17.1.1 5.29|A.17.1.2 5.29|A.17.1.3 5.29|A.17.2.1 8.14
A.18.1.1 5.31|A.18.1.2 5.32|A.18.1.3 5.33|A.18.1.4 5.34|A.18.1.5 5.31|A.18.2.1 5.35|A.18.2.2 5.36|A.18.2.3 5.36,8.8
`
  .trim()
  .split(/[|\n]/)
  .map((pair) => {
    const [old, to] = pair.trim().split(' ');
    return { from: old!, to: to!.split(',') };
  });

const targets = new Set(mapping2013.flatMap((m) => m.to));

export const controls: readonly Control[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [id, ja, en, type, props, concepts, caps, domains] = line.split('|') as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      id,
      theme: id.split('.')[0] as ThemeId,
      title: { ja, en },
      attributes: {
        controlType: lookup(controlTypes, type, id),
        securityProperties: [...props].map((c) => lookup(securityProperties, c, id)[0]!),
        cybersecurityConcepts: lookup(cybersecurityConcepts, concepts, id),
        operationalCapabilities: lookup(operationalCapabilities, caps, id),
        securityDomains: lookup(securityDomains, domains, id),
      },
      isNew: !targets.has(id),
    };
  });

export const controlById: ReadonlyMap<string, Control> = new Map(controls.map((c) => [c.id, c]));

export type AttributeKind = keyof Control['attributes'];
export const attributeKinds: Array<{ key: AttributeKind; ja: string }> = [
  { key: 'controlType', ja: '管理策タイプ' },
  { key: 'securityProperties', ja: '情報セキュリティ特性' },
  { key: 'cybersecurityConcepts', ja: 'サイバーセキュリティ概念' },
  { key: 'operationalCapabilities', ja: '運用能力' },
  { key: 'securityDomains', ja: 'セキュリティドメイン' },
];

export function labelOf(value: string): string {
  return attributeLabels[value] ?? value;
}
