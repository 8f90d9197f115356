package io.leadstream.api;

import io.leadstream.access.AccessPolicy;
import io.leadstream.access.AuthenticationFilter;
import io.leadstream.access.Authenticator;
import io.leadstream.access.OperatorKey;
import io.leadstream.access.ScopeInterceptor;
import io.leadstream.api.auth.ApiRequestFilter;
import io.leadstream.api.auth.RateLimiter;
import io.leadstream.api.cadences.CadenceCatalog;
import io.leadstream.api.ingest.EventMapper;
import io.leadstream.api.ingest.EventPublisher;
import io.leadstream.api.ingest.EventsController;
import io.leadstream.api.ingest.RequestJson;
import io.leadstream.api.leads.LeadResolver;
import io.leadstream.api.repair.SyncStates;
import io.leadstream.api.salesforce.LoginUrls;
import io.leadstream.api.salesforce.OAuthStates;
import io.leadstream.api.salesforce.SalesforceController;
import io.leadstream.api.salesforce.OrgSetupCheck;
import io.leadstream.api.salesforce.SalesforceOAuth;
import io.leadstream.leaddb.ConnectionStore;
import io.leadstream.leaddb.LeadReads;
import io.leadstream.leaddb.TokenCipher;
import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.TokenVerifier;
import io.leadstream.leaddb.access.WorkspaceStore;
import io.leadstream.salesforce.preflight.Preflight;
import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.BasicAuth;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.SubjectRegistrar;
import io.leadstream.schemas.serde.AvroSerializer;
import io.leadstream.schemas.topic.TopicCreator;
import io.leadstream.schemas.topic.TopicReplication;
import io.leadstream.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Wires event-api: access (tokens, operator key, scopes), producer, lead database, cadence catalog, Salesforce connect flow. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

  @Bean
  public Clock apiClock() {
    return Clock.systemUTC();
  }

  /**
   * Public: the API's own documentation, the OAuth callback (its signed single-use state authenticates it), and the
   * dashboard's page, script and style (no data in them: the data endpoints need a token or the operator key).
   */
  static final AccessPolicy ACCESS = new AccessPolicy(List.of("/v3/api-docs", "/v3/api-docs/**",
      SalesforceController.CALLBACK_PATH, "/dashboard", "/dashboard/dashboard.js", "/dashboard/dashboard.css"), "/admin");

  @Bean
  public WorkspaceStore workspaceStore(JdbcTemplate jdbc) {
    return new WorkspaceStore(jdbc);
  }

  @Bean
  public ApiTokenStore apiTokenStore(JdbcTemplate jdbc) {
    return new ApiTokenStore(jdbc);
  }

  @Bean(destroyMethod = "close")
  public TokenVerifier tokenVerifier(ApiTokenStore apiTokenStore, ApiProperties props, Clock apiClock) {
    return new TokenVerifier(apiTokenStore, props.getAuth().getCacheTtl(), props.getAuth().getMaxStale(),
        Duration.ofMinutes(1), apiClock, System::nanoTime);
  }

  /** First on every request: who is calling (SPEC §14), decided on the normalized path. */
  @Bean
  public FilterRegistrationBean<AuthenticationFilter> authenticationFilter(TokenVerifier tokenVerifier,
                                                                          ApiProperties props) {
    OperatorKey operatorKey = OperatorKey.of(props.getAuth().getAdminKey());
    if (operatorKey == null) {
      log.warn("No operator key (LEADSTREAM_ADMIN_KEY): the admin API is closed, so no workspace or token can be "
          + "created through it");
    }
    FilterRegistrationBean<AuthenticationFilter> bean = new FilterRegistrationBean<>(
        new AuthenticationFilter(new Authenticator(ACCESS, tokenVerifier, operatorKey)));
    bean.addUrlPatterns("/*");
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    return bean;
  }

  /** Then the caller's rate limit and the bounded body. */
  @Bean
  public FilterRegistrationBean<ApiRequestFilter> apiRequestFilter(ApiProperties props) {
    RateLimiter limiter = new RateLimiter(props.getRateLimit().getRequestsPerSecond(),
        props.getRateLimit().getBurst(), System::nanoTime);
    FilterRegistrationBean<ApiRequestFilter> bean =
        new FilterRegistrationBean<>(new ApiRequestFilter(limiter, props.getMaxBodyBytes()));
    bean.addUrlPatterns("/*");
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return bean;
  }

  /** Every endpoint but the public ones declares the scope or the operator it needs (default deny). */
  @Bean
  public WebMvcConfigurer scopeChecks() {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        List<String> open = new ArrayList<>(ACCESS.publicPaths());
        open.add("/error");
        registry.addInterceptor(new ScopeInterceptor()).excludePathPatterns(open);
      }
    };
  }

  /** voice.events.v1 (and the definitions topic the catalog reads) exist with the contract's settings. */
  @Bean
  public TopicCreator.Report apiTopicsEnsured(KafkaAdmin kafkaAdmin, ApiProperties props, Environment environment) {
    try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
      TopicCreator.Report report = new TopicCreator(admin, props.getPartitions(), Duration.ofSeconds(30),
          TopicReplication.Settings.fromEnvironment(environment::getProperty))
          .ensure(List.of(Topics.VOICE_EVENTS, Topics.CADENCE_DEFINITIONS));
      report.replication().logChoice(log, "event-api's topics");
      return report;
    }
  }

  /** Basic auth from SCHEMA_REGISTRY_BASIC_AUTH_* when the registry requires it (SPEC §14). */
  @Bean
  public SchemaRegistryClient schemaRegistryClient(ApiProperties props, Environment environment) {
    return SchemaRegistryClient.forUrls(props.getSchemaRegistryUrl(), BasicAuth.fromEnvironment(environment::getProperty));
  }

  /**
   * Every Avro topic's value subject exists in the registry from this service's start (idempotent,
   * compatibility-checked), so external producers and consumers can start first (SPEC §10).
   */
  @Bean
  public SubjectRegistrar.Report avroSubjectsRegistered(SchemaRegistryClient registry) {
    SubjectRegistrar.Report report = SubjectRegistrar.ensure(registry, Topics.ALL);
    org.slf4j.LoggerFactory.getLogger(ApiConfiguration.class).info("Avro subjects registered {}, already current {}",
        report.registered(), report.current());
    return report;
  }

  /** Idempotent, acks=all; blocks at most the send timeout, so a request never hangs on a dead broker. */
  @Bean
  public KafkaTemplate<String, VoiceEvent> voiceEventTemplate(KafkaProperties kafka, ApiProperties props,
                                                              SchemaRegistryClient registry) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    int timeout = (int) props.getSendTimeout().toMillis();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1_000, timeout / 2));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 10);
    DefaultKafkaProducerFactory<String, VoiceEvent> factory = new DefaultKafkaProducerFactory<>(config,
        new StringSerializer(), new AvroSerializer<>(registry, true));
    return new KafkaTemplate<>(factory);
  }

  @Bean
  public EventPublisher eventPublisher(KafkaTemplate<String, VoiceEvent> voiceEventTemplate, ApiProperties props,
                                       MeterRegistry metrics) {
    return new EventPublisher(voiceEventTemplate, props.getSendTimeout(), props.getRetryAfterSeconds(), metrics);
  }

  @Bean(destroyMethod = "close")
  public CadenceCatalog cadenceCatalog(ApiProperties props, KafkaAdmin kafkaAdmin,
                                       TopicCreator.Report apiTopicsEnsured) throws InterruptedException {
    ApiProperties.Cadences c = props.getCadences();
    if (!c.isFromTopic()) {
      return CadenceCatalog.fixed(c.getIds());
    }
    CadenceCatalog catalog = CadenceCatalog.following(c.getIds(), kafkaAdmin.getConfigurationProperties());
    if (!catalog.awaitLoaded(c.getLoadTimeout())) {
      log.warn("cadence.definitions.v1 not read to its end within {}; unknown cadences until it is",
          c.getLoadTimeout());
    }
    return catalog;
  }

  @Bean
  public RequestJson requestJson() {
    return new RequestJson();
  }

  @Bean
  public EventMapper eventMapper(CadenceCatalog cadenceCatalog) {
    return new EventMapper(cadenceCatalog::exists);
  }

  @Bean
  public EventsController eventsController(EventMapper mapper, EventPublisher publisher, RequestJson json,
                                           ApiProperties props, Clock apiClock) {
    return new EventsController(mapper, publisher, json, props.getMaxEventsPerRequest(), apiClock);
  }

  @Bean
  public LeadReads leadReads(JdbcTemplate jdbc) {
    return new LeadReads(jdbc);
  }

  @Bean
  public LeadResolver leadResolver(LeadReads leadReads) {
    return new LeadResolver(leadReads);
  }

  @Bean
  public ConnectionStore connectionStore(JdbcTemplate jdbc, ApiProperties props) {
    return new ConnectionStore(jdbc, new TokenCipher(props.getTokenKey(), props.getTokenKeysPrevious()));
  }

  @Bean
  public OAuthStates oauthStates(JdbcTemplate jdbc, ApiProperties props, Clock apiClock) {
    String key = props.getSalesforce().getStateKey();
    byte[] raw;
    if (key == null || key.isBlank()) {
      raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      log.warn("No OAuth state key (LEADSTREAM_API_STATE_KEY): a random one is used, so a connect flow must "
          + "complete on the instance that started it");
    } else {
      raw = Base64.getDecoder().decode(key.strip());
    }
    return new OAuthStates(jdbc, raw, new TokenCipher(props.getTokenKey(), props.getTokenKeysPrevious()),
        props.getSalesforce().getStateTtl(), apiClock);
  }

  @Bean
  public SalesforceOAuth salesforceOAuth(ApiProperties props) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1).build();
    return new SalesforceOAuth(props.getSalesforce(), http, JsonMapper.builder().build());
  }

  @Bean
  public LoginUrls loginUrls(WorkspaceStore workspaceStore, SalesforceOAuth salesforceOAuth) {
    return new LoginUrls(workspaceStore, salesforceOAuth);
  }

  @Bean
  public OrgSetupCheck orgSetupCheck(ApiProperties props, WorkspaceStore workspaces, SyncStates syncStates) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1).build();
    return new OrgSetupCheck(props.getSalesforce(), http, JsonMapper.builder().build(), workspaces, syncStates,
        Preflight.bundled());
  }

  @Bean
  public ApiProperties.Salesforce salesforceSettings(ApiProperties props) {
    return props.getSalesforce();
  }
}
