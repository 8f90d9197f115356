package io.leadstream.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sink.budget.ApiBudget;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sforce-Limit-Info as orgs send it: several items, the org's one is {@code api-usage} exactly. */
class LimitInfoTest {

  @Test
  void theOrgsUsageIsReadWhicheverOrderTheItemsCome() {
    assertThat(LimitInfo.parse("api-usage=25/5000, per-app-api-usage=17/250(appName=sample-app)"))
        .contains(new LimitInfo(25, 5000));
    assertThat(LimitInfo.parse("per-app-api-usage=17/250(appName=sample-app), api-usage=25/5000"))
        .contains(new LimitInfo(25, 5000));
    assertThat(LimitInfo.parse("per-app-api-usage=17/250(appName=sample-app); api-usage=25/5000"))
        .contains(new LimitInfo(25, 5000));
    assertThat(LimitInfo.parse("api-usage=10018/100000; api-bursts=1/750")).contains(new LimitInfo(10018, 100000));
  }

  @Test
  void aHeaderWithOnlyTheAppsQuotaSaysNothingAboutTheOrg() {
    assertThat(LimitInfo.parse("per-app-api-usage=17/250(appName=sample-app)")).isEmpty();
    assertThat(LimitInfo.parse(null)).isEmpty();
  }

  @Test
  void usageBeyondTheLimitIsReadAndSpendsTheBudget() {
    assertThat(LimitInfo.parse("api-usage=15100/15000")).contains(new LimitInfo(15100, 15000));

    LimitInfo info = LimitInfo.parse("per-app-api-usage=17/250(appName=sample-app), api-usage=15100/15000").orElseThrow();
    ApiBudget budget = new ApiBudget(0.20, Duration.ofMinutes(1), Clock.systemUTC());
    budget.observe(info.used(), info.max());

    assertThat(budget.exhausted()).isTrue();
    assertThat(budget.remaining()).isZero();
  }
}
