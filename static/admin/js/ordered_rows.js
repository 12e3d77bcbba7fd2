// Ordered inline rows (a meeting's agenda items, a body's standing items) moved by keyboard: each row's "up" and
// "down" buttons move it past its neighbour, write every row's place into its hidden number field (the one
// django-admin-sortable2 writes when a row is dragged) and say the new place to a screen reader. After a drag,
// the new rows not yet saved are numbered too, which the library leaves out. A file of its own: the Content
// Security Policy allows no inline script.
"use strict";
{
    const ROWS = ".ordered-row:not(.empty-form)";

    function rowsOf(fieldset) {
        return Array.from(fieldset.querySelectorAll(ROWS));
    }

    // Shows each row's place; with `write`, also puts it in the row's number field, which the save reads.
    function renumber(fieldset, write) {
        rowsOf(fieldset).forEach(function (row, index) {
            const position = row.querySelector(".ordered-row-position");
            if (position) {
                position.textContent = String(index + 1);
            }
            const number = row.querySelector("input._reorder_");
            if (write && number) {
                number.value = String(index + 1);
            }
        });
    }

    function announce(fieldset, row) {
        const status = fieldset.querySelector("[data-ordered-rows-status]");
        if (!status) {
            return;
        }
        const rows = rowsOf(fieldset);
        const title = row.querySelector("input[name$='-title']");
        status.textContent = status.dataset.orderedRowsStatus
            .replace("%(title)s", title ? title.value : "")
            .replace("%(position)s", String(rows.indexOf(row) + 1))
            .replace("%(count)s", String(rows.length));
    }

    function move(button) {
        const fieldset = button.closest("fieldset.ordered-rows");
        const row = button.closest(".ordered-row");
        if (!fieldset || !row) {
            return;
        }
        const rows = rowsOf(fieldset);
        const index = rows.indexOf(row);
        if (button.dataset.move === "up" && index > 0) {
            rows[index - 1].before(row);
        } else if (button.dataset.move === "down" && index >= 0 && index < rows.length - 1) {
            rows[index + 1].after(row);
        }
        renumber(fieldset, true);
        // Moving a row takes it out of the page and back in, which loses the focus: give it back, so that
        // pressing again moves the same row further.
        button.focus();
        announce(fieldset, row);
    }

    document.addEventListener("click", function (event) {
        const button = event.target.closest(".ordered-row-move button[data-move]");
        if (button) {
            event.preventDefault();
            move(button);
        }
    });

    // SortableJS sends "end" from the fieldset when a drag ends, just before django-admin-sortable2 numbers the
    // saved rows: number all rows once it has.
    document.addEventListener("end", function (event) {
        const fieldset = event.target.closest && event.target.closest("fieldset.ordered-rows");
        if (fieldset) {
            setTimeout(function () { renumber(fieldset, true); }, 0);
        }
    });

    // A row added or removed with the formset's links: show the places again.
    function relabel(event) {
        const fieldset = event.target.closest && event.target.closest("fieldset.ordered-rows");
        document.querySelectorAll("fieldset.ordered-rows").forEach(function (each) {
            if (!fieldset || each === fieldset) {
                renumber(each, false);
            }
        });
    }
    document.addEventListener("formset:added", relabel);
    document.addEventListener("formset:removed", relabel);

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("fieldset.ordered-rows").forEach(function (fieldset) {
            renumber(fieldset, false);
        });
    });
}
