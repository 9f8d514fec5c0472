/** The discussion data pages receive from loaders (pure: dates as ISO strings). */
export interface ThreadView {
  id: number;
  key: string;
  status: "open" | "resolved";
  version: number;
  resolvedByName: string | null;
  resolvedAt: string | null;
  note: string | null;
  comments: {
    id: number;
    authorId: number | null;
    authorName: string | null;
    /** Empty once deleted. */
    body: string;
    version: number;
    edited: boolean;
    deleted: boolean;
    createdAt: string;
  }[];
}

export interface DiscussionView {
  threads: ThreadView[];
  userId: number;
  canComment: boolean;
  canResolve: boolean;
  /** For @mention autocomplete (only for those who can comment). Names only: members' e-mail
   * addresses are for administrators (the members page), not sent to every member's browser. */
  members: { id: number; name: string }[];
}

/** The chapter page's discussion: counts per question; the threads load when a person opens them. */
export interface DiscussionCounts {
  counts: Record<string, { open: number; resolved: number }>;
  canComment: boolean;
}
