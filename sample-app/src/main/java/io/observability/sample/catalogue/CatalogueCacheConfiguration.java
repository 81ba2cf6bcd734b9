package io.observability.sample.catalogue;

import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.LoggingCacheErrorHandler;
import org.springframework.context.annotation.Configuration;

/**
 * A cache that fails (Redis down) is logged and bypassed: matching then reads the
 * catalogue from the database.
 *
 * @author Observability Spring Boot contributors
 */
@Configuration(proxyBeanMethods = false)
class CatalogueCacheConfiguration implements CachingConfigurer {

	@Override
	public CacheErrorHandler errorHandler() {
		return new LoggingCacheErrorHandler();
	}

}
