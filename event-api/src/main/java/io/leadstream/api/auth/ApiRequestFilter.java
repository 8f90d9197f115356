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
import io.leadstream.leaddb.access.Caller;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Behind {@link io.leadstream.access.AuthenticationFilter} on every request: rate limit per token
 * (429 with Retry-After), and the body read once within the size limit (413 beyond; {@code
 * Content-Encoding: gzip} decoded here, its decoded size limited too), so controllers see a plain,
 * bounded body.
 */
public final class ApiRequestFilter extends OncePerRequestFilter {
  private final RateLimiter limiter;
  private final int maxBodyBytes;

  public ApiRequestFilter(RateLimiter limiter, int maxBodyBytes) {
    this.limiter = limiter;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpServletRequest next;
    try {
      if (request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) {
        long wait = limiter.acquire(caller.tokenId());
        if (wait > 0) {
          throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Rate limit of this token exceeded.", List.of(),
              Map.of(), (int) Math.min(wait, 3600));
        }
      }
      checkContentType(request.getContentType());
      next = new BodyRequest(request, readBody(request));
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
      return;
    }
    chain.doFilter(next, response);
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
