package io.leadstream.schemas.topic;

import java.util.regex.Pattern;

/**
 * The record key of {@code compliance.dnc.v1} (SPEC §3): {@code <scope>/<E.164>}, where the scope is
 * {@link #GLOBAL} for national and other external lists, which bind every workspace, or a workspaceId
 * for that workspace's internal list, which binds only its own leads. The one formatter of that key,
 * for the lists' writers and the compliance gate's lookups alike.
 */
public final class DncKey {
    public static final String GLOBAL = LeadKey.RESERVED_GLOBAL_SCOPE;
    /** E.164: '+', a country code not starting with 0, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private DncKey() {
    }

    /** The key of {@code e164Phone} on the global (national/external) list. */
    public static String global(String e164Phone) {
        return of(GLOBAL, e164Phone);
    }

    /**
     * The key of {@code e164Phone} in {@code scope}: {@link #GLOBAL} or a workspaceId. A phone not in E.164
     * form is refused rather than keyed: an entry under another spelling of a number would never be found.
     */
    public static String of(String scope, String e164Phone) {
        if (!GLOBAL.equals(scope) && !LeadKey.validWorkspaceId(scope)) {
            throw new IllegalArgumentException("DNC scope '" + scope + "' is neither '" + GLOBAL + "' nor a workspaceId matching "
                    + LeadKey.WORKSPACE_ID.pattern());
        }
        if (e164Phone == null || !E164.matcher(e164Phone).matches()) {
            throw new IllegalArgumentException("DNC phone '" + e164Phone + "' is not in E.164 form (e.g. +14155550100)");
        }
        return scope + LeadKey.SEPARATOR + e164Phone;
    }
}
