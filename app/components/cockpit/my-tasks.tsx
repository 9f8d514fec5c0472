/** The home page's "My tasks": questions assigned to the user and not yet agreed, by response, with its deadlines. */
import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n";
import type { QuestionStatus } from "../../../consultation/question-status";
import { Deadlines } from "./deadlines";
import { StatusBadge } from "./work-line";

export interface TaskGroup {
  org: string;
  orgName: string;
  responseId: number;
  title: string;
  deadline: string;
  internal: string | null;
  items: { number: number; sectionId: string; status: QuestionStatus }[];
}

export function MyTasks({ tasks, today }: { tasks: TaskGroup[]; today: string }) {
  const t = useT();
  return (
    <section aria-labelledby="my-tasks" className="card">
      <h2 id="my-tasks">{t("home.myTasks")}</h2>
      {tasks.length === 0 ? <p className="muted">{t("home.noTasks")}</p> : null}
      {tasks.map((group) => {
        const base = `/o/${group.org}/r/${group.responseId}`;
        return (
          <div key={group.responseId} className="my-task-group">
            <h3>
              <Link to={base}>{group.title}</Link> <span className="muted">({group.orgName})</span>
            </h3>
            <p className="small">
              <Deadlines official={group.deadline} internal={group.internal} today={today} />
            </p>
            <ul className="plain my-tasks">
              {group.items.map((item) => (
                <li key={item.number}>
                  <Link to={`${base}/c/${item.sectionId}#q-${item.number}`}>{t("home.taskItem", { number: item.number })}</Link> <StatusBadge status={item.status} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
