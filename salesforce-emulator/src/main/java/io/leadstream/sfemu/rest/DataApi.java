package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.fault.Faults;
import io.leadstream.sfemu.oauth.OAuthService;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.RecordService;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.SfError;
import io.leadstream.sfemu.soql.QueryService;
import io.leadstream.sfemu.sosl.SearchService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The REST API below /services/data. Pipeline per request: resolve the resource (404/405 if none),
 * count it, injected 503, session check (401 INVALID_SESSION_ID), injected or real daily limit (403
 * REQUEST_LIMIT_EXCEEDED), run, persist changes; every response carries Sforce-Limit-Info.
 */
public final class DataApi {

  private final Org org;
  private final OAuthService oauth;
  private final Faults faults;
  private final ApiUsage usage;
  private final RequestStats stats;
  private final SObjectResources sobjects;
  private final DescribeResources describe;
  private final CollectionResources collections;
  private final CompositeResource composite;
  private final QueryService query;
  private final SearchService search;
  private final ChangeWindowResources changes;

  /** sObject Collections create/update exist from v42.0, collections upsert from v46.0; below, the resource is 404. */
  static final double COLLECTIONS_VERSION = 42.0;
  static final double COLLECTIONS_UPSERT_VERSION = 46.0;

  public DataApi(Org org, RecordService records, OAuthService oauth, Faults faults, ApiUsage usage, RequestStats stats) {
    this(org, records, oauth, faults, usage, stats, Duration.ofMinutes(1), Clock.systemUTC());
  }

  /** {@code changeWindowResolution}: granularity of the updated/deleted change windows (real orgs: one minute). */
  public DataApi(Org org, RecordService records, OAuthService oauth, Faults faults, ApiUsage usage, RequestStats stats,
                 Duration changeWindowResolution, Clock clock) {
    this.org = org;
    this.oauth = oauth;
    this.faults = faults;
    this.usage = usage;
    this.stats = stats;
    this.sobjects = new SObjectResources(org.schema(), records);
    this.describe = new DescribeResources(org.schema(), usage);
    this.collections = new CollectionResources(org.schema(), records);
    this.composite = new CompositeResource(org, this);
    this.query = new QueryService(org);
    this.search = new SearchService(org, faults::soslIndexLag, clock);
    this.changes = new ChangeWindowResources(org, changeWindowResolution, clock);
  }

  /** Handles a request whose path starts with /services/data. */
  public HttpReply handle(String method, String rawPathBelowData, Map<String, String> queryParams,
                          Function<String, String> headers, byte[] body) {
    List<String> segments = ApiRequest.splitPath(rawPathBelowData);
    if (segments.isEmpty()) {
      stats.record("versions");
      return HttpReply.json(200, DescribeResources.versions());
    }
    String v = segments.get(0);
    if (!v.startsWith("v") || !DescribeResources.supported(v.substring(1))) {
      stats.record("unknown");
      return withLimitInfo(error(SalesforceException.notFound()));
    }
    ApiRequest req = new ApiRequest(method, v.substring(1), segments.subList(1, segments.size()), queryParams,
        headers, body, null);
    HttpReply reply;
    try {
      Route route = route(req);
      stats.record(route.operation());
      if (faults.takeServerUnavailable()) {
        reply = HttpReply.json(503, Json.restErrors(List.of(SfError.of("SERVER_UNAVAILABLE",
            "Server temporarily unavailable, please retry"))));
      } else if (!oauth.isValid(bearer(headers.apply("Authorization")))) {
        reply = HttpReply.json(401, Json.restErrors(List.of(SfError.of("INVALID_SESSION_ID", "Session expired or invalid"))));
      } else if (faults.takeRequestLimitExceeded() || !usage.tryUse()) {
        // The body real orgs answer, https://github.com/SalesforceLabs/OrgCheck/issues/181.
        reply = HttpReply.json(403, Json.restErrors(List.of(SfError.of("REQUEST_LIMIT_EXCEEDED",
            "TotalRequests Limit exceeded."))));
      } else {
        reply = run(route, req);
        if (route.mutating()) {
          org.persist();
        }
      }
    } catch (SalesforceException e) {
      stats.record("unknown");
      reply = error(e);
    }
    return withLimitInfo(reply);
  }

  /** Runs a resolved route, turning Salesforce errors into their error responses. */
  HttpReply run(Route route, ApiRequest req) {
    try {
      return route.handler().apply(req);
    } catch (SalesforceException e) {
      return error(e);
    }
  }

  private HttpReply withLimitInfo(HttpReply reply) {
    return reply.withHeader("Sforce-Limit-Info", usage.header());
  }

  static HttpReply error(SalesforceException e) {
    return HttpReply.json(e.status(), Json.restErrors(e.errors()));
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    for (String scheme : List.of("Bearer ", "OAuth ")) {
      if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return authorization.substring(scheme.length()).trim();
      }
    }
    return null;
  }

  /** Finds the resource for a path below /services/data/vXX.X; 404 NOT_FOUND or 405 if there is none. */
  Route route(ApiRequest req) {
    List<String> s = req.segments();
    String m = req.method();
    int n = s.size();
    if (n == 0) {
      return only(m, "GET", new Route("resources", false, describe::resources));
    }
    switch (s.get(0)) {
      case "limits" -> {
        if (n == 1) {
          return only(m, "GET", new Route("limits", false, describe::limits));
        }
      }
      case "query" -> {
        if (n == 1) {
          return only(m, "GET", new Route("query", false, r -> runQuery(r, false)));
        }
        if (n == 2) {
          return only(m, "GET", new Route("query.more", false, r -> HttpReply.json(200, query.more(r.segment(1), r.version()))));
        }
      }
      // Deleted rows too (IsDeleted = true), https://developer.salesforce.com/docs/platform/api-rest/guide/resources-queryall.html
      case "queryAll" -> {
        if (n == 1) {
          return only(m, "GET", new Route("queryAll", false, r -> runQuery(r, true)));
        }
        if (n == 2) {
          return only(m, "GET", new Route("query.more", false, r -> HttpReply.json(200, query.more(r.segment(1), r.version()))));
        }
      }
      case "search" -> {
        if (n == 1) {
          return only(m, "GET", new Route("search", false, r -> HttpReply.json(200,
              search.search(required(r, "q", "MALFORMED_SEARCH"), r.version()))));
        }
      }
      case "sobjects" -> {
        return sobjectRoute(req, s, m, n);
      }
      case "composite" -> {
        if (n == 1) {
          return only(m, "POST", new Route("composite", true, composite::handle));
        }
        // https://developer.salesforce.com/docs/atlas.en-us.226.0.api_rest.meta/api/resources_composite_sobjects_collections.htm (42.0),
        // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html (46).
        if (n == 2 && s.get(1).equals("sobjects")) {
          requireVersion(req, COLLECTIONS_VERSION);
          return switch (m) {
            case "POST" -> new Route("collections.create", true, collections::create);
            case "PATCH" -> new Route("collections.update", true, collections::update);
            default -> throw methodNotAllowed(m, "PATCH,POST");
          };
        }
        if (n == 4 && s.get(1).equals("sobjects")) {
          requireVersion(req, COLLECTIONS_UPSERT_VERSION);
          return only(m, "PATCH", new Route("collections.upsert", true, collections::upsert));
        }
      }
      default -> { }
    }
    throw SalesforceException.notFound();
  }

  private Route sobjectRoute(ApiRequest req, List<String> s, String m, int n) {
    if (n == 1) {
      return only(m, "GET", new Route("sobjects.describeGlobal", false, describe::describeGlobal));
    }
    if (n == 2) {
      return switch (m) {
        case "GET" -> new Route("sobject.basicInfo", false, describe::basicInfo);
        case "POST" -> new Route("sobject.create", true, sobjects::create);
        default -> throw methodNotAllowed(m, "GET,POST");
      };
    }
    if (n == 3 && s.get(2).equals("updated")) {
      return only(m, "GET", new Route("sobject.updated", false, changes::updated));
    }
    if (n == 3 && s.get(2).equals("deleted")) {
      return only(m, "GET", new Route("sobject.deleted", false, changes::deleted));
    }
    if (n == 3 && s.get(2).equals("describe")) {
      return only(m, "GET", new Route("sobject.describe", false, describe::describe));
    }
    if (n == 3) {
      return switch (m) {
        case "GET" -> new Route("sobject.get", false, sobjects::get);
        case "PATCH" -> new Route("sobject.update", true, sobjects::update);
        case "DELETE" -> new Route("sobject.delete", true, sobjects::delete);
        default -> throw methodNotAllowed(m, "GET,PATCH,DELETE");
      };
    }
    if (n == 4) {
      return switch (m) {
        case "GET" -> new Route("sobject.getByExternalId", false, sobjects::getByExternalId);
        case "PATCH" -> new Route("sobject.upsert", true, sobjects::upsert);
        default -> throw methodNotAllowed(m, "GET,PATCH");
      };
    }
    throw SalesforceException.notFound();
  }

  private HttpReply runQuery(ApiRequest r, boolean includeDeleted) {
    String q = required(r, "q", "MALFORMED_QUERY");
    int batch = QueryService.batchSize(r.header("Sforce-Query-Options"));
    return HttpReply.json(200, query.query(q, batch, r.version(), includeDeleted));
  }

  private static void requireVersion(ApiRequest req, double since) {
    if (req.versionNumber() < since) {
      throw SalesforceException.notFound();
    }
  }

  private static String required(ApiRequest r, String param, String code) {
    return Optional.ofNullable(r.query(param)).filter(v -> !v.isBlank())
        .orElseThrow(() -> SalesforceException.badRequest(code, "A query string has to be specified"));
  }

  private static Route only(String method, String allowed, Route route) {
    if (!method.equals(allowed)) {
      throw methodNotAllowed(method, allowed);
    }
    return route;
  }

  private static SalesforceException methodNotAllowed(String method, String allowed) {
    return new SalesforceException(405, SfError.of("METHOD_NOT_ALLOWED",
        "HTTP Method '" + method + "' not allowed. Allowed are " + allowed));
  }
}
