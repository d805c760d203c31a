// Who may do what with posts. Owners and editors publish anything; authors write and submit
// their own drafts for review.
import type { Role } from '../db/schema.ts';

export function canPublish(role: Role): boolean {
  return role === 'owner' || role === 'editor';
}

export function canEditPost(user: { id: number; role: Role }, post: { created_by: number | null; status: string }): boolean {
  if (canPublish(user.role)) return true;
  return post.created_by === user.id && (post.status === 'draft' || post.status === 'pending');
}
