// hbs ships no types. Only its isolated Handlebars instances are used (src/web/render/views.ts).
declare module 'hbs' {
  import Handlebars = require('handlebars');

  interface HbsInstance {
    handlebars: typeof Handlebars;
  }

  const hbs: HbsInstance & { create(handlebars?: typeof Handlebars): HbsInstance };
  export = hbs;
}
