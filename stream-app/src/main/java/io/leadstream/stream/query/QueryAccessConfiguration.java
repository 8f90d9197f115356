package io.leadstream.stream.query;

import io.leadstream.access.AccessPolicy;
import io.leadstream.access.AuthenticationFilter;
import io.leadstream.access.Authenticator;
import io.leadstream.access.ScopeInterceptor;
import io.leadstream.leaddb.access.ApiTokenStore;
import io.leadstream.leaddb.access.TokenVerifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every request to stream-app's HTTP port needs an API token (SPEC §14): the same verifier, path
 * rules and scope checks as event-api (module {@code access}); interactive queries need
 * {@code leads:read} and answer for the token's workspace only. Health and metrics are on the
 * management port, outside this filter.
 */
@Configuration(proxyBeanMethods = false)
public class QueryAccessConfiguration {

    @Bean(destroyMethod = "close")
    public TokenVerifier tokenVerifier(JdbcTemplate jdbc) {
        return TokenVerifier.withDefaults(new ApiTokenStore(jdbc));
    }

    @Bean
    public FilterRegistrationBean<AuthenticationFilter> authenticationFilter(TokenVerifier tokenVerifier) {
        FilterRegistrationBean<AuthenticationFilter> bean = new FilterRegistrationBean<>(
                new AuthenticationFilter(new Authenticator(AccessPolicy.tokensOnly(), tokenVerifier, null)));
        bean.addUrlPatterns("/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return bean;
    }

    @Bean
    public WebMvcConfigurer scopeChecks() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new ScopeInterceptor()).excludePathPatterns("/error");
            }
        };
    }
}
