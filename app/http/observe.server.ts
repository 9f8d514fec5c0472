/**
 * Request ids, the request log, metrics and the register of open live streams.
 *
 * Every request gets an id (a proxy's `X-Request-Id` when it looks like one, else a new one), sent
 * back as `X-Request-Id` and written with its log line. A request is logged when it ends: route
 * pattern (no ids or tokens), status, duration; 5xx at level error, 4xx at info without a stack.
 * Live streams (text/event-stream responses) are counted and kept so a shutdown can end them,
 * which makes each browser reconnect (to another worker, or to the restarted server).
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import onHeaders from "on-headers";
import { logger } from "../lib/ops/log.server";
import { conflictsCounter, httpDuration, liveStreamsGauge, savesCounter } from "../lib/ops/metrics.server";
import { isSavePost, routeLabel } from "../lib/ops/route-label";

declare module "express-serve-static-core" {
  interface Locals {
    requestId: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const openStreams = new Set<ServerResponse>();

export function observeRequests(req: Request, res: Response, next: NextFunction) {
  const start = process.hrtime.bigint();
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomBytes(8).toString("hex");
  res.locals.requestId = id;
  res.setHeader("X-Request-Id", id);
  let stream = false;
  onHeaders(res, function (this: ServerResponse) {
    if (String(this.getHeader("Content-Type") ?? "").startsWith("text/event-stream")) {
      stream = true;
      openStreams.add(this);
      liveStreamsGauge().inc();
    }
  });
  res.on("close", () => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const label = res.statusCode === 404 ? "(unmatched)" : routeLabel(req.path);
    if (stream) {
      openStreams.delete(res);
      liveStreamsGauge().dec();
    } else {
      httpDuration().observe({ route: label, method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
    }
    if (isSavePost(req.method, label)) {
      if (res.statusCode === 409) conflictsCounter().inc();
      else if (res.statusCode < 400) savesCounter().inc();
    }
    const entry = { reqId: id, method: req.method, route: routeLabel(req.path), status: res.statusCode, ms: Math.round(seconds * 1000), ip: req.ip };
    const aborted = !res.writableFinished && !stream;
    if (res.statusCode >= 500) logger().error(entry, "request failed");
    else logger().info(aborted ? { ...entry, aborted } : entry, "request");
  });
  next();
}

/** Ends every open live stream (the browsers' EventSource reconnects by itself); returns how many. */
export function endLiveStreams(): number {
  const count = openStreams.size;
  for (const res of openStreams) {
    // A short retry makes the browsers come back soon, to whichever process is up.
    if (!res.writableEnded) res.end("retry: 500\n\n");
  }
  return count;
}

export function openLiveStreams(): number {
  return openStreams.size;
}
