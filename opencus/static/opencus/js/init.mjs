// Start GOV.UK and MOJ components, and again inside content that htmx swaps in.
import { initAll as govukInitAll } from "../../vendor/govuk-frontend.min.js";
import { initAll as mojInitAll } from "../../vendor/moj-frontend.min.js";

govukInitAll();
mojInitAll();
document.body.addEventListener("htmx:load", (event) => {
  govukInitAll({ scope: event.target });
  mojInitAll({ scope: event.target });
});
