package io.observability.spring.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * Secrets of every shape an application writes, each with a unique marker that must not
 * reach any channel the starter exports.
 *
 * @author Observability Spring Boot contributors
 */
final class SecretCorpus {

	/**
	 * Text messages, each holding the secret of its index.
	 */
	static final List<String> MESSAGES = List.of("Login with password=%s", "Connecting db_password=%s",
			"OAuth clientSecret=%s", "Gateway header X-Api-Key: %s sent", "aws_secret_access_key=%s region=eu",
			"Loaded private_key=%s", "Using credentials=%s", "Signing with secretKey=%s",
			"Body {\"password\": \"a b %s c\"}", "Quoted password=\"x \\\"%s\\\" y\" done",
			"Payload {\\\"password\\\":\\\"%s\\\",\\\"user\\\":\\\"bob\\\"}",
			"Datasource jdbc:postgresql://app:%s@db:5432/orders ready", "Cache redis://:%s@cache:6379/0 ready",
			"Header Authorization: Bearer %s", "authorization=Basic %s then", "Cookie: SESSION=%s; theme=dark",
			"Refreshed token=%s", "Got access_token=%s", "Got refresh_token: %s", "Calling /x?api_key=%s&page=1",
			"Login[user=bob, password=%s]", "PASSWD=%s set", "Unlocked with passphrase=%s",
			"Fetched https://user:%s@example.com/path");

	private SecretCorpus() {
	}

	/**
	 * The secret marker of the given index.
	 * @param index the index
	 * @return the marker
	 */
	static String secret(int index) {
		return "Zq" + index + "xSECRETv" + (index * 7919 % 1000);
	}

	/**
	 * Every secret marker used by the test application.
	 * @return the markers
	 */
	static List<String> all() {
		List<String> all = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			all.add(secret(i));
		}
		return all;
	}

	/**
	 * Number of markers.
	 */
	static final int COUNT = 56;

}
