package io.leadstream.stream;

import io.leadstream.stream.query.LeadStateController;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.io.IOException;

/**
 * Test-only stand-in for the bearer-token authentication filter (SPEC §14), so the HTTP specs can test
 * routing and forwarding: takes the caller's workspace from {@code Authorization: Bearer test-workspace:<id>}
 * and puts it where the real filter does, {@link LeadStateController#WORKSPACE_ATTRIBUTE}. It reads the
 * Authorization header, not a header of its own, so a request proxied to the owning instance is
 * authenticated there only if the caller's credential was forwarded — as real tokens will need.
 * Registered explicitly (never component-scanned): {@code @Import} in Spring tests,
 * {@link StreamAppInstance} for child JVMs.
 */
public final class TestWorkspaceFilter implements Filter {
    private static final String PREFIX = "Bearer test-workspace:";

    /** The Authorization header value of a caller of {@code workspaceId}. */
    public static String authorization(String workspaceId) {
        return PREFIX + workspaceId;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String authorization = ((HttpServletRequest) request).getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith(PREFIX)) {
            request.setAttribute(LeadStateController.WORKSPACE_ATTRIBUTE, authorization.substring(PREFIX.length()));
        }
        chain.doFilter(request, response);
    }
}
