package io.leadstream.sink.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sink.matching.TargetResolver.Identity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
  private final Map<String, List<Target>> contacts = new HashMap<>();
  private final Map<String, List<Target>> leads = new HashMap<>();
  private final Map<String, List<Target>> phones = new HashMap<>();
  private final List<String> asked = new ArrayList<>();

  private final Lookups lookups = new Lookups() {
    @Override
    public Map<String, List<Target>> contactsByEmail(Collection<String> emails) {
      asked.add("contacts" + emails.size());
      return contacts;
    }

    @Override
    public Map<String, List<Target>> leadsByEmail(Collection<String> emails) {
      asked.add("leads" + emails.size());
      return leads;
    }

    @Override
    public List<Target> byPhone(String e164) {
      asked.add("phone " + e164);
      return phones.getOrDefault(e164, List.of());
    }
  };

  private final TargetResolver contactFirst = new TargetResolver(lookups,
      List.of(MatchStrategy.CONTACT_EMAIL, MatchStrategy.LEAD_EMAIL, MatchStrategy.PHONE));

  @Test
  void theFirstStrategyWithExactlyOneRecordWinsAndLaterOnesAreNotAsked() {
    contacts.put("a@x.com", List.of(Target.contact("003A")));
    leads.put("a@x.com", List.of(Target.lead("00QA")));

    MatchOutcome outcome = contactFirst.resolve(Map.of("l1", new Identity("A@x.com", null))).get("l1");

    assertThat(outcome.target()).isEqualTo(Target.contact("003A"));
    assertThat(outcome.strategy()).isEqualTo(MatchStrategy.CONTACT_EMAIL);
    assertThat(asked).containsExactly("contacts1");
  }

  @Test
  void theOrderIsConfigurableLeadFirst() {
    contacts.put("a@x.com", List.of(Target.contact("003A")));
    leads.put("a@x.com", List.of(Target.lead("00QA")));

    MatchOutcome outcome = new TargetResolver(lookups, List.of(MatchStrategy.LEAD_EMAIL, MatchStrategy.CONTACT_EMAIL))
        .resolve(Map.of("l1", new Identity("a@x.com", null))).get("l1");

    assertThat(outcome.target()).isEqualTo(Target.lead("00QA"));
  }

  @Test
  void severalRecordsAreAmbiguousAndStopTheSearch() {
    contacts.put("a@x.com", List.of(Target.contact("003A"), Target.contact("003B")));
    leads.put("a@x.com", List.of(Target.lead("00QA")));

    MatchOutcome outcome = contactFirst.resolve(Map.of("l1", new Identity("a@x.com", "+14155550100"))).get("l1");

    assertThat(outcome.kind()).isEqualTo(MatchOutcome.Kind.AMBIGUOUS);
    assertThat(outcome.candidates()).hasSize(2);
    assertThat(asked).containsExactly("contacts1");
  }

  @Test
  void aLeadWithoutEmailIsFoundByItsE164Phone() {
    phones.put("+14155550100", List.of(Target.lead("00QP")));

    MatchOutcome outcome = contactFirst.resolve(Map.of("l1", new Identity(null, "(415) 555-0100"))).get("l1");

    assertThat(outcome.target()).isEqualTo(Target.lead("00QP"));
    assertThat(asked).containsExactly("phone +14155550100");
  }

  @Test
  void nothingFoundAnywhereIsNotFound() {
    assertThat(contactFirst.resolve(Map.of("l1", new Identity("n@x.com", "+14155550199"))).get("l1").kind())
        .isEqualTo(MatchOutcome.Kind.NOT_FOUND);
  }

  @Test
  void phonesAreNormalisedToE164() {
    assertThat(Phones.e164("+1 (415) 555-0100")).contains("+14155550100");
    assertThat(Phones.e164("415.555.0100")).contains("+14155550100");
    assertThat(Phones.e164("0044 20 7946 0018")).contains("+442079460018");
    assertThat(Phones.e164("12")).isEmpty();
  }
}
