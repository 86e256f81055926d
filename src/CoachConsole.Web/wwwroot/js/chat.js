// The customer chat's message list: it follows new messages as chat widgets do, unless the
// customer has scrolled up to read earlier ones; then a "new messages" button shows instead.

const slack = 48;

export function follow(list, hint) {
    if (!list || !hint || list.dataset.following === "true") {
        return;
    }

    list.dataset.following = "true";
    let atEnd = true;
    const nearEnd = () => list.scrollHeight - list.scrollTop - list.clientHeight <= slack;
    const toEnd = () => {
        list.scrollTop = list.scrollHeight;
        atEnd = true;
        hint.style.display = "none";
    };

    list.addEventListener("scroll", () => {
        atEnd = nearEnd();
        if (atEnd) {
            hint.style.display = "none";
        }
    }, { passive: true });

    new MutationObserver(() => {
        if (atEnd) {
            toEnd();
        } else {
            hint.style.display = "";
        }
    }).observe(list, { childList: true, subtree: true, characterData: true });

    hint.addEventListener("click", toEnd);
    toEnd();
}
