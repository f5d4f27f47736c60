// Hand-written baselines: the least code that computes the same answer, with none of the
// library's explanations, typed results or per-requirement reasons.

const EPS = 1e-9;

/**
 * The overall eligibility status of docs/rules.md §6 for a learner who has not been granted
 * eligibility yet, by scanning the plain event array once per requirement. Knows just enough of
 * §5 for the benchmark's records (no decline cascade, no resets).
 *
 * @param {readonly object[]} requirements the policy's requirements
 * @param {readonly object[]} events the learner's log, in time order
 * @param {number} now epoch ms
 * @param {object} policy `{ endsAt?: Date, eligibleModes: string[], requireInitialVerification: boolean, proctoring }`
 */
export function baselineStatus(requirements, events, now, policy) {
  const ended = policy.endsAt !== undefined && now >= policy.endsAt.getTime();
  let enrolled = false;
  let mode = "";
  let verified = false;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === "enrolled") {
      enrolled = true;
      mode = e.mode;
    } else if (e.type === "enrollment-mode-changed") mode = e.mode;
    else if (e.type === "unenrolled") enrolled = false;
    else if (e.type === "initial-verification") verified = e.result === "approved";
  }
  const enrollmentOk = enrolled && policy.eligibleModes.includes(mode) && (verified || !policy.requireInitialVerification);

  let anyFailed = false;
  let allSatisfied = true;
  for (let r = 0; r < requirements.length; r++) {
    const req = requirements[r];
    if (!req.active) continue;
    let status = "pending";
    switch (req.kind) {
      case "grade": {
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          if (e.type !== "grade-updated" || e.at.getTime() > now) continue;
          if (e.grade >= req.minGrade - EPS && (policy.endsAt === undefined || e.at.getTime() < policy.endsAt.getTime())) status = "satisfied";
        }
        if (status !== "satisfied" && ended) status = "failed";
        break;
      }
      case "proctored-exam": {
        let state = "none";
        let score = -1;
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          if (e.examId !== req.id || e.at.getTime() > now) continue;
          if (e.type === "exam-attempt") state = e.status === "timed-out" ? "submitted" : e.status;
          else if (e.type === "exam-graded") score = e.score;
          else if (e.type === "exam-reviewed") {
            if (policy.proctoring.passingReviewResults.includes(e.result)) state = "verified";
            else if (e.result === "not-reviewed") state = "error";
            else state = e.reviewer === "human" || !policy.proctoring.requireSecondReview ? "rejected" : "second-review";
          }
        }
        if (state === "declined") status = "declined";
        else if (state === "submitted" || state === "second-review") status = "submitted";
        else if (state === "verified") status = score < 0 ? "submitted" : score >= req.passingScore - EPS ? "satisfied" : "failed";
        else if (state === "rejected" || state === "error") status = "failed";
        else if (ended) status = "failed";
        break;
      }
      case "identity-reverification": {
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          if (e.type !== "reverification" || e.checkpointId !== req.id || e.at.getTime() > now) continue;
          if (e.result === "submitted") status = "submitted";
          else if (e.result === "approved") status = "satisfied";
          else if (e.result === "denied") status = "failed";
          else if (e.result === "skipped") status = "declined";
        }
        if (status === "pending" && req.dueAt !== undefined && now >= req.dueAt.getTime()) status = "failed";
        break;
      }
      case "custom": {
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          if (e.type === "requirement-recorded" && e.requirementId === req.id && e.at.getTime() <= now) status = e.status;
        }
        break;
      }
      default:
        throw new Error(`unknown requirement kind ${req.kind}`);
    }
    if (status === "failed" || status === "declined") anyFailed = true;
    if (status !== "satisfied") allSatisfied = false;
  }
  if (!enrollmentOk) return "needs-verified-enrollment";
  if (anyFailed) return "not-eligible";
  return allSatisfied ? "eligible" : "in-progress";
}
