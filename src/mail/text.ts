// What a domain's mail templates share: where the links point and what the mail is called,
// and the text a template gives the outbox.
export interface MailContext {
  siteUrl: string;
  siteTitle: string;
}

export interface MailText {
  subject: string;
  text: string;
  kind: string;
}
