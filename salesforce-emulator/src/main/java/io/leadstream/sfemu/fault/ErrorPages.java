package io.leadstream.sfemu.fault;

/**
 * The HTML pages Salesforce's edge answers with instead of an API body. Clients that parse every body as JSON
 * break on them: during maintenance a 503 "We are down for maintenance." page
 * (https://github.com/restforce/restforce/issues/860, https://github.com/forcedotcom/cli/issues/2487), and from
 * the edge an occasional 502 "Error Page" (https://github.com/jetstreamapp/jetstream/issues/835).
 */
public final class ErrorPages {

  private ErrorPages() {
  }

  public static String forStatus(int status) {
    return status == 503 ? MAINTENANCE : GATEWAY;
  }

  static final String MAINTENANCE = """
      <html>
      <body>
      <center>
      \t<table bgcolor="white" cellpadding="0" cellspacing="0" width="758">
      \t\t<tbody>
      \t\t<tr>
      \t\t\t<td><span style="font-family: Verdana; font-size: medium; font-weight: bold;">We are down for maintenance.</span><br><br>Sorry for the inconvenience. We'll be back shortly.</td><br>
      \t\t</tr>
      \t\t</tbody>
      \t</table>
      </center>
      </body>
      </html>
      """;

  static final String GATEWAY = """
      <!doctype html><html lang="en-US"><head><meta charset="UTF-8"><title>Error Page</title></head>
      <body><main><h1>Error</h1><p>The server encountered a temporary error and could not complete your request.</p>
      <p>Please try again in a few moments.</p></main></body></html>
      """;
}
