/** The discussion data a page's loader sends. */
import type { DiscussionView, ThreadView } from "~/lib/discussion/types";

export type ClientDiscussion = DiscussionView;
export type ClientThread = ThreadView;
