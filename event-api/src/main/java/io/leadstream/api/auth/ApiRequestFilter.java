package io.leadstream.api.auth;

import io.leadstream.api.web.ApiException;
import io.leadstream.api.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every {@code /api/**} request: bearer token → workspace (401 otherwise), rate limit
 * per token (429 with Retry-After), and the body read once within the size limit (413 beyond;
 * {@code Content-Encoding: gzip} decoded here, its decoded size limited too), so controllers see a
 * plain, bounded body. The OAuth callback is the one unauthenticated path: Salesforce redirects
 * the browser there, and the signed single-use {@code state} authenticates it.
 */
public final class ApiRequestFilter extends OncePerRequestFilter {
  public static final String CALLBACK_PATH = "/api/salesforce/oauth/callback";

  private final ApiTokens tokens;
  private final RateLimiter limiter;
  private final int maxBodyBytes;

  public ApiRequestFilter(ApiTokens tokens, RateLimiter limiter, int maxBodyBytes) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      HttpServletRequest next = request;
      if (!CALLBACK_PATH.equals(request.getRequestURI())) {
        String token = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        String workspace = tokens.workspaceOf(token).orElseThrow(() -> {
          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"leadstream\"");
          return new ApiException(HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
        });
        long wait = limiter.acquire(ApiTokens.sha256Hex(token));
        if (wait > 0) {
          throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Rate limit of this token exceeded.", List.of(),
              Map.of(), (int) Math.min(wait, 3600));
        }
        checkContentType(request.getContentType());
        request.setAttribute(Workspace.ATTRIBUTE, workspace);
        next = new BodyRequest(request, readBody(request));
      }
      chain.doFilter(next, response);
    } catch (ApiException e) {
      if (response.isCommitted()) {
        return;
      }
      response.setStatus(e.status().value());
      response.setContentType(Problems.PROBLEM_JSON.toString());
      if (e.retryAfterSeconds() != null) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
      }
      response.getOutputStream().write(Problems.bytes(e, request.getRequestURI()));
    }
  }

  /** A Content-Type that is not a concrete media type is refused here, before MVC tries to parse it. */
  private static void checkContentType(String contentType) {
    if (contentType == null) {
      return;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (type.isWildcardType() || type.isWildcardSubtype()) {
        throw new InvalidMediaTypeException(contentType, "wildcard");
      }
    } catch (InvalidMediaTypeException e) {
      throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json.");
    }
  }

  private static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  private byte[] readBody(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] raw = readAtMost(request.getInputStream());
    String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
      return raw;
    }
    if (!encoding.strip().toLowerCase(Locale.ROOT).equals("gzip")) {
      throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be gzip or identity.");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return readAtMost(in);
    } catch (ZipException | java.io.EOFException e) {
      throw ApiException.invalid("body", "not valid gzip data");
    }
  }

  private byte[] readAtMost(InputStream in) throws IOException {
    byte[] body = in.readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      throw tooLarge();
    }
    return body;
  }

  private ApiException tooLarge() {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "The body exceeds " + maxBodyBytes + " bytes.");
  }

  /** The request with its body already read (and decoded). */
  private static final class BodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    BodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public String getHeader(String name) {
      if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)) {
        return null;
      }
      if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
        return Integer.toString(body.length);
      }
      return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)) {
        return Collections.emptyEnumeration();
      }
      if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
        return Collections.enumeration(List.of(Integer.toString(body.length)));
      }
      return super.getHeaders(name);
    }
  }
}
