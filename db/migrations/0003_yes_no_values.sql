-- Yes/no answers become language-neutral: stored JSON "ja" -> "yes", "nei" -> "no".
-- Only answers to yes/no questions change: a measure's support question (key "<measure>.support";
-- ids cannot contain ".") or a question whose template entry (in the response's consultation
-- version) has type "yes_no". A text answer that happens to read "ja" is left alone.
CREATE TEMP VIEW `yes_no_answer_ids` AS
SELECT a.`id` FROM `answers` a
JOIN `responses` r ON r.`id` = a.`response_id`
JOIN `consultation_versions` cv ON cv.`id` = r.`consultation_version_id`
WHERE (
    a.`question_key` LIKE '%.support'
    OR EXISTS (
      SELECT 1 FROM json_tree(cv.`template_json`) jt
      WHERE jt.`key` = 'id' AND jt.`value` = a.`question_key`
        AND json_extract(cv.`template_json`, substr(jt.`fullkey`, 1, length(jt.`fullkey`) - 3) || '.type') = 'yes_no'
    )
  );
--> statement-breakpoint
UPDATE `answer_revisions` SET `value` = CASE `value` WHEN '"ja"' THEN '"yes"' ELSE '"no"' END
WHERE `value` IN ('"ja"', '"nei"') AND `answer_id` IN (SELECT `id` FROM `yes_no_answer_ids`);
--> statement-breakpoint
UPDATE `answers` SET `value` = CASE `value` WHEN '"ja"' THEN '"yes"' ELSE '"no"' END
WHERE `value` IN ('"ja"', '"nei"') AND `id` IN (SELECT `id` FROM `yes_no_answer_ids`);
--> statement-breakpoint
DROP VIEW `yes_no_answer_ids`;
