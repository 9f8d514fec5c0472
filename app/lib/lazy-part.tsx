/**
 * A server-rendered part of a page whose code is a chunk of its own (the page's JS budget), loaded
 * before the page hydrates (app/entry.client.tsx awaits `loadLazyParts()`).
 *
 * Why (issue 20, React error #421): with a plain React.lazy the part's Suspense boundary stays
 * dehydrated until its chunk arrives after hydration; any urgent update that reaches it before
 * then (a person typing, a language switch, a colleague's save arriving live, fresh loader data)
 * makes React throw its server HTML away and log #421. Loaded first, the part renders as a plain
 * component inside its boundary and hydrates with the rest of the page: nothing stays dehydrated.
 * The chunks are fetched in parallel with the route's own strings; their bytes are the ones the
 * page needed anyway to become interactive.
 *
 * No <Suspense> around a part (issue 20): a server-rendered boundary is hydrated after the rest of
 * the page (React leaves it dehydrated at the lowest priority), and a person typing or a live event
 * in that window reached it with an urgent update: #421. Without a boundary there is nothing left
 * dehydrated. On the server the first render of a part waits for its chunk (the document is
 * rendered whole before it is sent); in the browser the chunk is there before hydration.
 */
import { lazy, type ComponentProps, type ComponentType } from "react";

const loaders = new Set<() => Promise<unknown>>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPart<T extends ComponentType<any>>(load: () => Promise<T>): ComponentType<ComponentProps<T>> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  const get = () => (loading ??= load().then((component) => (loaded = component)));
  loaders.add(get);
  const Lazy = lazy(() => get().then((component) => ({ default: component })));
  function Part(props: ComponentProps<T>) {
    const Component = (loaded ?? Lazy) as ComponentType<ComponentProps<T>>;
    return <Component {...props} />;
  }
  return Part;
}

/** Loads every lazy part the page's modules declared (called once, before hydration). */
export function loadLazyParts(): Promise<unknown> {
  return Promise.all([...loaders].map((load) => load().catch(() => undefined)));
}
