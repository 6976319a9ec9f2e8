package com.companion.analytics.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CanaryOutcomeTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CANARY = "v1-guard-degraded-x";

  @Test
  void aCanaryStillInPlaceIsRunning() {
    CanaryOutcome outcome =
        CanaryOutcome.read(
            json("{'stable_version':'v1','canary':{'version':'" + CANARY + "','weight':0.1}}"),
            json("{'items':[]}"),
            CANARY);
    assertThat(outcome.state()).isEqualTo(CanaryOutcome.State.RUNNING);
    assertThat(LiveGuardBench.label(null, outcome)).isEqualTo("undecided");
  }

  @Test
  void aRollbackByTheQualityGuardIsReadFromTheNewestDecisionOnThatCanary() {
    CanaryOutcome outcome =
        CanaryOutcome.read(
            json("{'stable_version':'v1','canary':null}"),
            json(
                "{'items':["
                    + "{'canary_version':'other','decision':'rolled_back','actor':'auto',"
                    + "'reason':'x','decided_at':'2026-12-01T15:00:00Z'},"
                    + "{'canary_version':'"
                    + CANARY
                    + "','decision':'rolled_back','actor':'quality-guard',"
                    + "'reason':'quality guard: canary worse on regenerate',"
                    + "'decided_at':'2026-12-01T14:55:00Z'},"
                    + "{'canary_version':'"
                    + CANARY
                    + "','decision':'started','actor':'admin-1','reason':'canary at weight 0.1',"
                    + "'decided_at':'2026-12-01T14:50:00Z'}]}"),
            CANARY);
    assertThat(outcome.state()).isEqualTo(CanaryOutcome.State.ROLLED_BACK);
    assertThat(outcome.rolledBackByGuard()).isTrue();
    assertThat(outcome.decidedAt()).isEqualTo(Instant.parse("2026-12-01T14:55:00Z"));
    assertThat(LiveGuardBench.label(null, outcome)).isEqualTo("rolled back");
  }

  @Test
  void aRollbackByTheGatewaysLatencyJudgeIsNotTheGuards() {
    CanaryOutcome outcome =
        CanaryOutcome.read(
            json("{'stable_version':'v1','canary':null}"),
            json(
                "{'items':[{'canary_version':'"
                    + CANARY
                    + "','decision':'rolled_back','actor':'auto','reason':'TTFT p95 too high',"
                    + "'decided_at':1764600900.5}]}"),
            CANARY);
    assertThat(outcome.state()).isEqualTo(CanaryOutcome.State.ROLLED_BACK);
    assertThat(outcome.rolledBackByGuard()).isFalse();
    assertThat(outcome.decidedAt()).isEqualTo(Instant.ofEpochMilli(1764600900500L));
    assertThat(LiveGuardBench.label(null, outcome)).startsWith("ended by auto");
  }

  @Test
  void theGuardsVerdictCountsOnlyWhenItNamesThisCanary() {
    String quality =
        "{'versions':[{'version':'v1','turns':900},{'version':'"
            + CANARY
            + "','turns':97}],'verdict':{'stable_version':'v1','canary_version':'%s',"
            + "'decision':'%s','reason':'r','decided_at':'2026-12-01T14:54:30Z'}}";
    assertThat(CanaryOutcome.Verdict.read(json(quality.formatted("other", "keep")), CANARY))
        .isEmpty();
    assertThat(CanaryOutcome.Verdict.read(json("{'versions':[],'verdict':null}"), CANARY))
        .isEmpty();
    // the canary's turns are read whichever canary the verdict names
    assertThat(CanaryOutcome.turns(json(quality.formatted("other", "keep")), CANARY)).isEqualTo(97);
    assertThat(CanaryOutcome.turns(json(quality.formatted("other", "keep")), "v9")).isZero();
    var rollBack = CanaryOutcome.Verdict.read(json(quality.formatted(CANARY, "roll_back")), CANARY);
    assertThat(rollBack).isPresent();
    assertThat(rollBack.get().decided()).isTrue();
    assertThat(rollBack.get().canaryTurns()).isEqualTo(97);
    var watching = CanaryOutcome.Verdict.read(json(quality.formatted(CANARY, "continue")), CANARY);
    assertThat(watching.get().decided()).isFalse();
    var kept = CanaryOutcome.Verdict.read(json(quality.formatted(CANARY, "keep")), CANARY).get();
    assertThat(LiveGuardBench.label(kept, CanaryOutcome.RUNNING)).isEqualTo("kept");
  }

  private static JsonNode json(String singleQuoted) {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
