<?php
/**
 * Fault injection for wikilint's bot tests.
 *
 * A test wiki's LocalSettings.php sets $wikilintFaultDir (the wiki's own
 * directory) and includes this file. Without a faults.json there it does
 * nothing. A test writes faults.json to make the next API requests meet the
 * faults a long bot run meets on a busy wiki:
 *
 *   {"faults": [{"kind": "maxlag", "when": {"action": "edit"}, "skip": 1, "times": 2,
 *                "lag": 7}]}
 *
 * Each fault applies to API requests whose parameters (GET or POST) include
 * every pair of "when"; the first "skip" of them pass untouched, the next
 * "times" meet the fault. Kinds:
 *
 *   maxlag          MediaWiki's own maxlag check sees "lag" seconds of
 *                   replication lag (through the ApiMaxLagInfo hook), so the
 *                   API answers with its real maxlag error, Retry-After and
 *                   X-Database-Lag headers, for requests that carry maxlag=;
 *   http503         the request never reaches MediaWiki: HTTP 503 with
 *                   Retry-After: "retry_after" seconds, as an overloaded front
 *                   end or a wiki in maintenance answers;
 *   expire-sessions every session is dropped from the session store (the
 *                   objectcache table), as when sessions expire or the
 *                   store is flushed; MediaWiki then handles the request as
 *                   from a logged-out client;
 *   slow            the request waits "seconds" before MediaWiki handles it
 *                   (longer than the client's read timeout: the client gives
 *                   up, while the server still carries the request out).
 *
 * Every matching request is appended to faults.log (one JSON line: time,
 * action, title, the fault met or null), for the tests to read.
 */

if ( !defined( 'MEDIAWIKI' ) || PHP_SAPI === 'cli' || !isset( $wikilintFaultDir ) ) {
	return;
}

if ( is_file( "$wikilintFaultDir/faults.json" ) ) {
	$wikilintFault = wikilintClaimFault( $wikilintFaultDir );
	if ( $wikilintFault !== null ) {
		wikilintApplyFault( $wikilintFault, $wikilintFaultDir );
	}
}

/**
 * The fault this request meets, if any; counts it in faults.json and logs it.
 */
function wikilintClaimFault( string $dir ): ?array {
	if ( basename( $_SERVER['SCRIPT_NAME'] ?? '' ) !== 'api.php' ) {
		return null;
	}
	$params = $_POST + $_GET;
	$handle = fopen( "$dir/faults.json", 'c+' );
	if ( $handle === false ) {
		return null;
	}
	flock( $handle, LOCK_EX );
	$plan = json_decode( stream_get_contents( $handle ), true ) ?: [ 'faults' => [] ];
	$met = null;
	$matched = false;
	foreach ( $plan['faults'] as &$fault ) {
		foreach ( $fault['when'] ?? [] as $name => $value ) {
			if ( ( $params[$name] ?? null ) !== (string)$value ) {
				continue 2;
			}
		}
		$matched = true;
		if ( ( $fault['skip'] ?? 0 ) > 0 ) {
			$fault['skip']--;
			break;
		}
		if ( ( $fault['times'] ?? 1 ) > 0 ) {
			$fault['times'] = ( $fault['times'] ?? 1 ) - 1;
			$met = $fault;
			break;
		}
	}
	unset( $fault );
	if ( $matched ) {
		ftruncate( $handle, 0 );
		rewind( $handle );
		fwrite( $handle, json_encode( $plan ) );
		fflush( $handle );
		file_put_contents( "$dir/faults.log", json_encode( [
			'time' => microtime( true ),
			'action' => $params['action'] ?? null,
			'title' => $params['title'] ?? null,
			'fault' => $met['kind'] ?? null,
		], JSON_UNESCAPED_UNICODE ) . "\n", FILE_APPEND | LOCK_EX );
	}
	flock( $handle, LOCK_UN );
	fclose( $handle );
	return $met;
}

function wikilintApplyFault( array $fault, string $dir ): void {
	global $wgHooks, $wgSQLiteDataDir;
	switch ( $fault['kind'] ) {
		case 'maxlag':
			$lag = (float)( $fault['lag'] ?? 10 );
			$wgHooks['ApiMaxLagInfo'][] = static function ( array &$lagInfo ) use ( $lag ) {
				$lagInfo = [ 'host' => 'db-replica', 'lag' => $lag, 'type' => 'db' ];
			};
			return;
		case 'http503':
			http_response_code( 503 );
			header( 'Retry-After: ' . (int)( $fault['retry_after'] ?? 5 ) );
			header( 'Content-Type: text/html; charset=utf-8' );
			echo "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
				. "<body><h1>Service Unavailable</h1><p>The server is temporarily unable to "
				. "service your request. Please try again later.</p></body></html>\n";
			exit;
		case 'expire-sessions':
			$cache = new PDO( "sqlite:$wgSQLiteDataDir/wikicache.sqlite" );
			$cache->exec( "DELETE FROM objectcache WHERE keyname LIKE '%:MWSession:%'" );
			return;
		case 'slow':
			usleep( (int)( 1e6 * (float)( $fault['seconds'] ?? 5 ) ) );
			return;
	}
}
