package io.observability.spring.masking.internal;

import java.util.Set;

/**
 * Removal of the query string from URLs and URIs kept in metric tags and span attributes,
 * where a query string may carry a secret ({@code ?api_key=…}) and makes the number of
 * distinct values unbounded.
 *
 * @author Observability Spring Boot contributors
 */
final class QueryStrings {

	private static final String[] URL_NAME_ARRAY = { "uri", "http.url", "url.full", "url.query", "http.target",
			"http.uri" };

	private static final Set<String> URL_NAMES = Set.of(URL_NAME_ARRAY);

	private QueryStrings() {
	}

	static boolean isUrlName(String name) {
		return URL_NAMES.contains(name);
	}

	static String[] urlNames() {
		return URL_NAME_ARRAY.clone();
	}

	static String remove(String url) {
		int query = url.indexOf('?');
		if (query < 0) {
			int fragment = url.indexOf('#');
			return (fragment < 0) ? url : url.substring(0, fragment);
		}
		return url.substring(0, query);
	}

}
