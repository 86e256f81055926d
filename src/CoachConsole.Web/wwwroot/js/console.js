// The agent console's keyboard shortcuts and transcript scrolling.

export function scrollToEnd(element) {
    if (element) {
        element.scrollTop = element.scrollHeight;
    }
}

// The agent's answer belongs to the browser while it is typed. Each change goes to .NET with the
// version of the text it was typed into, one call at a time: while a call is on its way the newest
// text waits, and older ones are skipped, so a busy server gets fewer calls and never an old text
// after a newer one. Enter without Shift sends instead of starting a new line.
export function watchDraft(element, dotnet, version) {
    if (!element) {
        return;
    }

    element.draftVersion = version;
    if (element.draftWatch) {
        element.draftWatch.dotnet = dotnet;
        return;
    }

    const watch = { dotnet, sending: false, next: null };
    const flush = async () => {
        watch.sending = true;
        try {
            while (watch.next) {
                const { text, version: typedInto } = watch.next;
                watch.next = null;
                await watch.dotnet.invokeMethodAsync("OnTypedAsync", text, typedInto);
            }
        } catch {
            // The circuit is gone; the page reconnects or reloads.
            watch.next = null;
        } finally {
            watch.sending = false;
        }
    };
    element.addEventListener("input", () => {
        watch.next = { text: element.value, version: element.draftVersion };
        if (!watch.sending) {
            flush();
        }
    });
    element.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.isComposing) {
            event.preventDefault();
        }
    });
    element.draftWatch = watch;
}

// Puts a text the console chose into the answer field (a card, a replacement, a cleared field).
export function showDraft(element, text, version) {
    if (!element) {
        return;
    }

    element.draftVersion = version;
    if (element.value !== text) {
        element.value = text;
    }
}

// The answer as the browser has it, if it is still the text of that version.
export function draftOf(element, version) {
    return element && element.draftVersion === version && typeof element.value === "string" ? element.value : null;
}

// Puts the focus into a dialog's field as soon as the field is there, and back into it at once
// whenever the dialog's focus trap parks the focus on something that takes no typing (the trap
// settles a moment after the dialog shows), so no typed key is lost. Stops after timeoutMs, or as
// soon as the agent moves the focus to another field or button.
export function focusWhenShown(selector, timeoutMs) {
    const takesInput = (element) => !!element && element.matches && element.matches("input, textarea, button, select, a[href]");
    return new Promise((resolve) => {
        let done = false;
        const grab = () => {
            const field = document.querySelector(selector);
            if (field && document.activeElement !== field && !takesInput(document.activeElement)) {
                field.focus();
            }
        };
        const onFocusIn = (event) => {
            if (takesInput(event.target) && event.target !== document.querySelector(selector)) {
                finish();
            } else {
                grab();
            }
        };
        const observer = new MutationObserver(grab);
        const finish = () => {
            if (!done) {
                done = true;
                document.removeEventListener("focusin", onFocusIn, true);
                observer.disconnect();
                clearTimeout(timer);
                resolve(document.activeElement === document.querySelector(selector));
            }
        };
        const timer = setTimeout(finish, timeoutMs);
        document.addEventListener("focusin", onFocusIn, true);
        observer.observe(document.body, { childList: true, subtree: true });
        grab();
    });
}

export function isNearEnd(element) {
    return !element || element.scrollHeight - element.scrollTop - element.clientHeight < 80;
}

// Shortcuts go to .NET as names; typing in a field is left alone except for Alt chords.
export function registerShortcuts(dotnet) {
    const handler = (event) => {
        const typing = event.target && (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA");
        let name = null;
        if (event.altKey && !event.ctrlKey && !event.metaKey) {
            if (event.code >= "Digit1" && event.code <= "Digit3") {
                name = "card" + event.code.substring(5);
            } else if (event.code === "ArrowDown") {
                name = "next";
            } else if (event.code === "ArrowUp") {
                name = "previous";
            } else if (event.code === "KeyX") {
                name = "escalate";
            } else if (event.code === "KeyC") {
                name = "compose";
            } else if (event.code === "KeyQ") {
                name = "quiet";
            } else if (event.code === "KeyH") {
                name = "help";
            }
        } else if (!typing && event.key === "?") {
            name = "help";
        } else if (event.key === "Escape" && document.querySelector(".mud-dialog")) {
            // Escape closes the open dialog wherever the focus is, not only from inside it.
            dotnet.invokeMethodAsync("OnShortcut", "close");
            return;
        }

        if (name) {
            event.preventDefault();
            dotnet.invokeMethodAsync("OnShortcut", name);
        }
    };
    document.addEventListener("keydown", handler);
    return { dispose: () => document.removeEventListener("keydown", handler) };
}
