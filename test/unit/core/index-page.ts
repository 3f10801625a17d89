/** A built index.html in short, as the page builders read it: `head` in its head, the app's root and its splash. */
export const indexPage = (head: string) => `<!doctype html>
<html lang="ky">
  <head>${head}</head>
  <body>
    <div id="root">
      <div class="boot-splash"></div>
    </div>
  </body>
</html>`;
