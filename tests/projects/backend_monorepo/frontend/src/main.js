console.log("the frontend");
